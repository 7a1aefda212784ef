/**
 * Whole-process smoke test in a real terminal multiplexer: starts the
 * dashboard script on a MemoryBackend-fed store inside tmux (with a TERM
 * blessed's terminfo parser chokes on), navigates, quits, and checks the
 * terminal was restored.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// One tmux server per test, so a server shutting down never races the next test's start.
let socket = '';
let serial = 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

function capture(): string {
  return tmux('capture-pane', '-p', '-t', 'dash');
}

async function waitForPane(text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pane = capture();
    if (pane.includes(text)) return pane;
    if (Date.now() > deadline) throw new Error(`tmux pane never showed "${text}". Pane:\n${pane}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeEach(() => {
  socket = `opsdeck-tui-test-${process.pid}-${++serial}`;
});

afterEach(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
});

describe('dashboard in tmux', () => {
  it('has tmux (npm test installs it; otherwise: apt-get install -y tmux)', () => {
    expect(hasTmux).toBe(true);
  });

  it.each(['tmux-256color', 'xterm-kitty'])('starts with TERM=%s, navigates, and quits leaving the terminal restored', async (term) => {
    const command = `cd ${JSON.stringify(root)} && TERM=${term} node --import tsx test/tui/fixtures/demo-dashboard.ts; echo "exit status $?"; sleep 60`;
    tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '40', command);
    let pane = await waitForPane('services (6)');
    expect(pane).toContain('● east-mem live');
    expect(pane).not.toContain('Error on');
    tmux('send-keys', '-t', 'dash', 'j', 'j', 'Enter');
    pane = await waitForPane('TASKS (3)');
    expect(pane).toMatch(/▾ plan deploy\s+▶ IN_PROGRESS/);
    tmux('send-keys', '-t', 'dash', 'Escape');
    await waitForPane('services (6)');
    tmux('send-keys', '-t', 'dash', ':plans', 'Enter');
    await waitForPane('IN FLIGHT');
    tmux('send-keys', '-t', 'dash', '?');
    await waitForPane('NAVIGATION');
    tmux('send-keys', '-t', 'dash', 'Escape');
    await waitForPane('plans (1)');
    tmux('resize-window', '-t', 'dash', '-x', '100', '-y', '30');
    await waitForPane('plans (1)');
    tmux('send-keys', '-t', 'dash', 'q');
    pane = await waitForPane('exit status 0');
    expect(pane).toContain('dashboard closed cleanly');
    expect(pane).not.toContain('IN FLIGHT');
    expect(tmux('display-message', '-p', '-t', 'dash', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
  });

  it.each(['tmux-256color', 'screen-256color', 'xterm-256color'])('runs `opsdeck demo` with TERM=%s, drills into hdfs, draws the plan tree in UTF-8, and quits cleanly', async (term) => {
    const command = `cd ${JSON.stringify(root)} && TERM=${term} node bin/opsdeck.js demo; echo "exit status $?"; sleep 60`;
    tmux('new-session', '-d', '-s', 'dash', '-x', '140', '-y', '45', command);
    let pane = await waitForPane('keyserver', 30_000);
    expect(pane).toMatch(/● demo live/);
    tmux('send-keys', '-t', 'dash', '/', 'hdfs', 'Enter');
    await waitForPane('services (1 of 8)');
    tmux('send-keys', '-t', 'dash', 'Enter');
    pane = await waitForPane('PLANS (');
    expect(pane).toMatch(/plan deploy/);
    expect(pane).toContain('PROTECTED');
    // The tree is drawn in UTF-8, not as VT100 alternate-charset letters (which tmux stores as t/x/m).
    expect(pane).toMatch(/[├└]─ phase \w/);
    expect(pane).not.toMatch(/ [tm] phase /);
    expect(pane).not.toMatch(/^\s+x\s+[tm] /m);
    // SDK messages that only restate the step and its status are left out of the tree.
    expect(pane).not.toContain('DeploymentStep:');
    tmux('send-keys', '-t', 'dash', 'Escape');
    await waitForPane('services (1 of 8)');
    tmux('send-keys', '-t', 'dash', ':resources', 'Enter');
    pane = await waitForPane('allocated · cluster demo-dcos');
    expect(pane).toMatch(/[⠀-⣿]\s?\d+%[⠀-⣿]/);
    expect(pane).toMatch(/CPU [\d.]+\/\d+ cpu\s+MEM [\d.]+\/\d+ GiB/);
    tmux('send-keys', '-t', 'dash', 'q');
    pane = await waitForPane('exit status 0', 20_000);
    expect(tmux('display-message', '-p', '-t', 'dash', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
  }, 60_000);

  it('restores the terminal and exits non-zero when the dashboard crashes', async () => {
    const command = `cd ${JSON.stringify(root)} && node --import tsx test/tui/fixtures/demo-dashboard.ts --crash; echo "exit status $?"; sleep 60`;
    tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '40', command);
    const pane = await waitForPane('exit status 1');
    expect(pane).toContain('opsdeck dashboard crashed: simulated crash for the smoke test');
    expect(pane).not.toContain('services (');
    expect(tmux('display-message', '-p', '-t', 'dash', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
  });
});
