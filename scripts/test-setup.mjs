#!/usr/bin/env node
// Test setup run before `npm test` (npm's pretest): installs what the real-part
// tests need. Each section is idempotent, fast when already satisfied, and says
// what it does; when it cannot install, it fails saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const anyExists = (paths) => paths.some((p) => existsSync(p));

// --- Real Docker Engine for test/backends/docker and the docker contract suite ---
// The tests start their own private dockerd (never the system one) and build
// their image from a static busybox, so they need these two Debian packages.
const dockerNeeds = [
  { pkg: 'docker.io', present: () => anyExists(['/usr/sbin/dockerd', '/usr/bin/dockerd']) && anyExists(['/usr/bin/docker', '/usr/local/bin/docker']) },
  { pkg: 'busybox-static', present: () => anyExists(['/bin/busybox', '/usr/bin/busybox']) && isStatic() },
  // The dashboard's whole-process smoke tests run opsdeck inside tmux.
  { pkg: 'tmux', present: () => anyExists(['/usr/bin/tmux', '/usr/local/bin/tmux']) },
];

function isStatic() {
  const busybox = existsSync('/bin/busybox') ? '/bin/busybox' : '/usr/bin/busybox';
  const out = spawnSync('ldd', [busybox], { encoding: 'utf8' });
  return out.error !== undefined || `${out.stdout}${out.stderr}`.includes('not a dynamic executable');
}

function fail(message) {
  console.error(`opsdeck test setup: ${message}`);
  process.exit(1);
}

const missing = dockerNeeds.filter((need) => !need.present()).map((need) => need.pkg);
if (missing.length === 0) {
  console.log('opsdeck test setup: docker.io, busybox-static and tmux present');
} else {
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) fail(`the real-Docker tests need ${missing.join(' and ')}; run as root: apt-get update && ${command}`);
  if (!existsSync('/usr/bin/apt-get')) fail(`the real-Docker tests need ${missing.join(' and ')} (a Debian/Ubuntu host with apt-get, or install the equivalents: dockerd 20.10+ and a static busybox)`);
  console.log(`opsdeck test setup: installing ${missing.join(' ')} for the real-Docker tests`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const attempt = () => spawnSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env });
  let result = attempt();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    result = attempt();
  }
  if (result.status !== 0) fail(`could not install ${missing.join(' ')}; install them yourself: apt-get update && ${command}`);
  const still = dockerNeeds.filter((need) => !need.present()).map((need) => need.pkg);
  if (still.length > 0) fail(`${still.join(' ')} still missing after apt-get; install them yourself: ${command}`);
}
