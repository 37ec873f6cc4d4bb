// Finds a program a test needs, installing its Debian package with apt when missing and allowed (root on Debian:
// CI), the way scripts/chromium.mjs does for Chromium. Test tools cannot download their own here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type Found = { path: string } | { missing: string };

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** `path` of the program, installing `pkg` first if need be; otherwise why it is missing. */
export function findOrInstall(path: string, pkg: string): Found {
  if (existsSync(path)) return { path };
  if (!isRoot() || !existsSync('/etc/debian_version')) {
    return {
      missing: `${path} not found: install Debian's "${pkg}" (apt-get install ${pkg}) to run this test`,
    };
  }
  console.log(`${path} not found: installing Debian's ${pkg} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  return existsSync(path) ? { path } : { missing: `apt-get could not install ${pkg}` };
}
