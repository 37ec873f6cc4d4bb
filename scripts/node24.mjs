// Node 24 for CI's second run of the server tests (scripts/test.mjs). The npm registry's `node` package gives
// the binary and its headers; better-sqlite3 is compiled against those headers in a folder of its own, so
// node_modules keeps the addon of the Node that ran `npm ci`, and the tests load this one through
// BETTER_SQLITE3_BINDING (server/store/sqlite-binding.ts). Both are kept in .cache/node24 (gitignored): a second
// run finds them and installs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cacheDir = join(root, '.cache', 'node24');
// The headers the addon is compiled against. From 24.19 on, Node's node_object_wrap.h (compiled into the addon)
// removes a cleanup hook when a wrapped object is freed, and asserts that a JavaScript context is entered, which
// is not so when the garbage collector frees a better-sqlite3 12 Statement: the process aborts with
// "Assertion failed: (env) != nullptr". Built against 24.18.1's headers (same ABI, 137) the addon has no such
// hook and runs on every Node 24. See README "Requirements".
const ADDON_HEADERS = '24.18.1';

function npmInstall(folder, spec, env = {}) {
  mkdirSync(folder, { recursive: true });
  // npm now asks before running a dependency's install script: both packages need theirs.
  const name = spec.slice(0, spec.lastIndexOf('@'));
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { [name]: true } }),
  );
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', spec], {
    cwd: folder,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm install ${spec} failed:\n${(result.stderr || result.stdout || '').slice(-2000)}`);
  }
}

function installedVersion(packageDir) {
  const manifest = join(packageDir, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/**
 * Installs (once) Node 24 and a better-sqlite3 addon built for it. Returns the node binary, the addon, and a PATH
 * that finds this node first (tests that spawn `node` by name get it too). Throws, saying why, if it cannot.
 */
export function prepareNode24() {
  const nodePackage = join(cacheDir, 'node', 'node_modules', 'node');
  const node = join(nodePackage, 'bin', 'node');
  if (!installedVersion(nodePackage)?.startsWith('24.') || !existsSync(node)) {
    console.log('Installing Node 24 into .cache/node24 (once)…');
    npmInstall(join(cacheDir, 'node'), 'node@24');
  }
  const nodeVersion = installedVersion(nodePackage);
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const headersRoot = join(cacheDir, `headers-${ADDON_HEADERS}`);
  const nodedir = join(headersRoot, 'node_modules', platformPackage);
  if (installedVersion(nodedir) !== ADDON_HEADERS) {
    console.log(`Installing Node ${ADDON_HEADERS}'s headers into .cache/node24 (once)…`);
    npmInstall(headersRoot, `${platformPackage}@${ADDON_HEADERS}`);
  }
  const sqliteVersion = installedVersion(join(root, 'node_modules', 'better-sqlite3'));
  if (!sqliteVersion) throw new Error('better-sqlite3 is not installed: run `npm ci` first.');
  // Named by both versions: a newer Node 24 or better-sqlite3 gets an addon of its own.
  const sqliteDir = join(cacheDir, `better-sqlite3-${sqliteVersion}-headers-${ADDON_HEADERS}`);
  const binding = join(
    sqliteDir,
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  const path = `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`;
  if (!existsSync(binding)) {
    console.log(`Building better-sqlite3 ${sqliteVersion} for Node ${nodeVersion} (once, about a minute)…`);
    npmInstall(sqliteDir, `better-sqlite3@${sqliteVersion}`, {
      // npm, node-gyp and the compiler then all work for Node 24, with its own headers (not the machine's).
      PATH: path,
      npm_config_nodedir: nodedir,
    });
  }
  if (!existsSync(binding)) throw new Error(`better-sqlite3 built, but ${binding} is missing.`);
  return { node, binding, path, version: nodeVersion };
}
