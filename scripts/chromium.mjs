// Finds a Chromium for Playwright: $PLAYWRIGHT_CHROMIUM_EXECUTABLE, then Debian's, then (when allowed) installs
// Debian's `chromium` with apt, which works only as root on Debian. Test tools cannot download their own here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const debianChromium = '/usr/bin/chromium';

export function findChromium({ install = false } = {}) {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync(debianChromium)) return debianChromium;
  if (!install) return undefined;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    console.log('No Chromium found. Set PLAYWRIGHT_CHROMIUM_EXECUTABLE, or install Debian\'s "chromium".');
    return undefined;
  }
  console.log("No Chromium found: installing Debian's chromium with apt-get (about a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  return existsSync(debianChromium) ? debianChromium : undefined;
}
