// Runs before `npm test`: the GPU tests need Chromium with WebGPU. If it is
// missing, install Debian's package when we are root on Debian, otherwise
// say how to get it and stop.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.BASINS_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

if (candidates.some((c) => existsSync(c))) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version');
if (isRoot && isDebian) {
  process.stderr.write("Chromium is missing: installing Debian's package.\n");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}
process.stderr.write(
  'The GPU tests need Chromium with WebGPU and none was found.\n' +
    '  Debian/Ubuntu (as root): apt-get install -y chromium\n' +
    '  Elsewhere: install Chromium or Chrome and set BASINS_CHROMIUM to ' +
    'its executable.\n',
);
process.exit(1);
