/**
 * A private Docker Engine for tests: its own socket, data root, exec root and
 * pid file under a temp dir, no bridge/iptables changes, never the system
 * daemon. Builds the busybox test image by `docker import` and can init a
 * single-node Swarm on a free loopback port. Stopped by pid, never by name.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, copyFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The image every Docker test uses (imported from busybox-static, never pulled). */
export const TEST_IMAGE = 'opsdeck-test/busybox:1';
/** A second tag of the same root fs, for update / rollback tests. */
export const TEST_IMAGE_V2 = 'opsdeck-test/busybox:2';

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];
const APPLETS = ['sh', 'sleep', 'httpd', 'nc', 'true', 'false', 'echo', 'cat', 'ls', 'ps', 'kill', 'test', 'wget', 'env'];

/** What a test needs to reach and manage a private daemon. */
export interface PrivateDockerd {
  dir: string;
  socketPath: string;
  /** `unix://…` form for DOCKER_HOST / backend config. */
  host: string;
  /** Stops the daemon by its pid (SIGTERM, then SIGKILL after a deadline). */
  stop(): Promise<void>;
  /** Starts it again on the same data root and socket (for outage tests). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

/** Options for a private daemon. */
export interface StartDockerdOptions {
  /** Import the busybox test image (both tags). */
  image?: boolean;
  /** `swarm init` on a free 127.0.0.1 port. */
  swarm?: boolean;
}

/** The tools a private daemon needs, or a message saying what to install. */
export function missingDockerTools(): string | undefined {
  const missing: string[] = [];
  if (!['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd'].some(existsSync)) missing.push('docker.io (dockerd)');
  if (!['/usr/bin/docker', '/usr/local/bin/docker'].some(existsSync)) missing.push('docker.io (docker CLI)');
  if (!BUSYBOX_CANDIDATES.some(existsSync)) missing.push('busybox-static');
  if (missing.length === 0) return undefined;
  return `The real-Docker tests need ${missing.join(', ')}: run \`apt-get install -y docker.io busybox-static\` as root (npm's pretest does this when it can).`;
}

/** Starts a private dockerd and waits for `/_ping`. */
export async function startDockerd(options: StartDockerdOptions = {}): Promise<PrivateDockerd> {
  const missing = missingDockerTools();
  if (missing !== undefined) throw new Error(missing);
  if (process.getuid?.() !== 0) throw new Error('The real-Docker tests start a private dockerd, which needs root: run the tests as root (CI does).');
  const dir = await mkdtemp(join(tmpdir(), 'opsdeck-dockerd-'));
  const socketPath = join(dir, 'docker.sock');
  const pidFile = join(dir, 'docker.pid');
  const host = `unix://${socketPath}`;
  const launch = async (): Promise<void> => {
    const log = openSync(join(dir, 'dockerd.log'), 'a');
    const child = spawn(
      'dockerd',
      [
        '--host', host,
        '--data-root', join(dir, 'data'),
        '--exec-root', join(dir, 'exec'),
        '--pidfile', pidFile,
        '--bridge=none', '--iptables=false', '--ip-masq=false', '--ip-forward=false',
        '--shutdown-timeout', '1',
        '--storage-driver', 'overlay2',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    child.unref();
    let exited: string | undefined;
    child.on('exit', (code, signal) => {
      exited = `dockerd exited (${code ?? signal}) during start-up`;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (exited !== undefined) throw new Error(`${exited}; log tail:\n${tail(join(dir, 'dockerd.log'))}`);
      if (await ping(socketPath)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`dockerd did not answer /_ping within 30 s; log tail:\n${tail(join(dir, 'dockerd.log'))}`);
  };
  const stop = async (): Promise<void> => {
    const pid = readPid(pidFile);
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
    killLeftoverShims(dir);
  };
  await launch();
  startOrphanWatchdog(dir, pidFile);
  const daemon: PrivateDockerd = {
    dir,
    socketPath,
    host,
    stop,
    start: launch,
    destroy: async () => {
      await stop();
      await unmountUnder(dir);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
  try {
    if (options.image) await importTestImage(daemon);
    if (options.swarm) await initSwarm(daemon);
  } catch (error) {
    await daemon.destroy();
    throw error;
  }
  return daemon;
}

/** Builds the busybox root fs and imports it as TEST_IMAGE, tagging TEST_IMAGE_V2 too. */
export async function importTestImage(daemon: Pick<PrivateDockerd, 'dir' | 'host'>): Promise<void> {
  const rootfs = join(daemon.dir, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await mkdir(join(rootfs, 'tmp'), { recursive: true });
  const busybox = BUSYBOX_CANDIDATES.find(existsSync) ?? '/bin/busybox';
  await copyFile(busybox, join(rootfs, 'bin', 'busybox'));
  for (const applet of APPLETS) await symlink('busybox', join(rootfs, 'bin', applet)).catch(() => undefined);
  await writeFile(join(rootfs, 'index.html'), 'opsdeck test image\n');
  await run('sh', ['-c', `tar -C "${rootfs}" -c . | docker -H "${daemon.host}" import - ${TEST_IMAGE}`]);
  await run('docker', ['-H', daemon.host, 'tag', TEST_IMAGE, TEST_IMAGE_V2]);
}

/** Makes the daemon a single-node Swarm manager on a free loopback port. */
export async function initSwarm(daemon: Pick<PrivateDockerd, 'host'>): Promise<void> {
  const port = await freePort();
  await run('docker', ['-H', daemon.host, 'swarm', 'init', '--advertise-addr', `127.0.0.1:${port}`, '--listen-addr', `127.0.0.1:${port}`]);
}

/**
 * If the process that started the daemon dies without tearing it down (a test
 * run killed by a timeout), a detached watchdog stops the daemon by its pid
 * file, kills its shims, unmounts and removes its directory.
 */
function startOrphanWatchdog(dir: string, pidFile: string): void {
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done`,
    `[ -d "${dir}" ] || exit 0`,
    `if [ -f "${pidFile}" ]; then P=$(cat "${pidFile}"); kill -TERM "$P" 2>/dev/null; i=0; while kill -0 "$P" 2>/dev/null && [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done; kill -KILL "$P" 2>/dev/null; fi`,
    `for s in $(pgrep -f "^[^ ]*[c]ontainerd-shim[^ ]* .*${dir}/exec/"); do for c in $(pgrep -P "$s"); do kill -KILL "$c"; done; kill -KILL "$s"; done 2>/dev/null`,
    `awk '{print $5}' /proc/self/mountinfo | grep "^${dir}" | sort -r | xargs -r -n1 umount -l 2>/dev/null`,
    `for i in 1 2 3 4 5; do rm -rf "${dir}" 2>/dev/null && break; sleep 1; done`,
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}

/**
 * Container shims outlive a dockerd that had to be killed; find the ones of
 * THIS daemon (their -address lies under `dir`) and kill them and their
 * container processes by pid.
 */
function killLeftoverShims(dir: string): void {
  const processes = listProcesses();
  const shims = processes.filter((p) => (p.args.split(' ')[0] ?? '').includes('containerd-shim') && p.args.includes(`${dir}/exec/`));
  for (const shim of shims) {
    for (const child of processes.filter((p) => p.ppid === shim.pid)) signal(child.pid);
    signal(shim.pid);
  }
}

function listProcesses(): { pid: number; ppid: number; args: string }[] {
  const out: { pid: number; ppid: number; args: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '0', 10);
      out.push({ pid: Number(entry), ppid, args });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** dockerd bind-mounts its data root (and netns files); unmount what is left under `dir`, deepest first. */
async function unmountUnder(dir: string): Promise<void> {
  let mounts: string[];
  try {
    mounts = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((point) => point === dir || point.startsWith(`${dir}/`));
  } catch {
    return;
  }
  for (const point of [...new Set(mounts)].sort((a, b) => b.length - a.length)) {
    await run('umount', ['-l', point]).catch(() => undefined);
  }
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body === 'OK'));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}
