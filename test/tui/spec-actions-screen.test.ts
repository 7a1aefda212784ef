/**
 * Screen tests for spec changes in the dashboard: `U` upgrades with the diff
 * and the typed-name confirmation, `E` sets configuration, and an outcome
 * the engine marks with a follow-up offers rollback (`b`) or continue (`c`)
 * right in the outcome dialog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionPreview, ProposedAction } from '../../src/tui/ports.js';
import { FakeActionGateway } from './support/fake-action-gateway.js';
import { startHarness, type Harness } from './support/dashboard-harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
});

/** Like the engine: spec changes show the diff and the plan, and need the typed name. */
function specPreview(a: ProposedAction): ActionPreview {
  if (a.kind === 'upgrade') {
    return { summary: [`upgrade web to ${a.version ?? a.image ?? '?'}`, `  diff:    ~ version: v2 → ${a.version ?? a.image ?? '?'}`, `  plan: ${a.strategy ?? 'serial'}, 3 steps`], confirmation: 'typed-name', expectedName: 'web' };
  }
  if (a.kind === 'config-set') {
    return { summary: Object.entries(a.set ?? {}).map(([k, v]) => `  diff:    + env.${k}: ${v}`), confirmation: 'typed-name', expectedName: 'web' };
  }
  return { summary: [`${a.kind} web`], confirmation: a.kind === 'rollback' ? 'typed-name' : 'confirm', expectedName: 'web' };
}

describe('spec changes in the dashboard', () => {
  it('U upgrades the selected service: asks for the version, shows the diff, runs only after the typed name', async () => {
    const gateway = new FakeActionGateway();
    gateway.previewFor = specPreview;
    gateway.outcomeFor = () => ({ status: 'succeeded', message: 'web runs the new spec (v3) and is healthy; plan update COMPLETE' });
    h = await startHarness({ actions: gateway });
    await h.term.press(...'jj', 'U');
    await h.term.waitFor('to which image or version?');
    await h.term.press(...'v3 yolo', 'enter');
    await h.term.waitFor('Unknown strategy "yolo"');
    expect(gateway.previews).toHaveLength(0);
    await h.term.press(...Array<string>(4).fill('backspace'), ...'canary', 'enter');
    const screen = await h.term.waitFor('Type web to confirm:');
    expect(screen).toContain('diff:    ~ version: v2 → v3');
    expect(screen).toContain('plan: canary, 3 steps');
    await h.term.press(...'wbe', 'enter');
    expect(h.term.text()).toContain('That does not match; nothing was run.');
    expect(gateway.executions).toHaveLength(0);
    await h.term.press('backspace', 'backspace', ...'eb', 'enter');
    await h.term.waitFor('SUCCEEDED');
    expect(gateway.executions).toEqual([{ action: { kind: 'upgrade', serviceId: 'east-mem/web', version: 'v3', strategy: 'canary' }, confirmation: { kind: 'typed-name', typed: 'web' } }]);
    expect(h.term.text()).not.toContain('b: roll');
  });

  it('a failed upgrade offers rollback on b in the outcome dialog, which previews and runs the guarded rollback', async () => {
    const gateway = new FakeActionGateway();
    gateway.previewFor = specPreview;
    gateway.outcomeFor = (a) =>
      a.kind === 'upgrade'
        ? { status: 'failed', message: 'the update plan of web stopped (ERROR, paused): health check failed on v4-bad', followUp: 'rollback' }
        : { status: 'succeeded', message: 'web is back on v2, 3/3 healthy' };
    h = await startHarness({ actions: gateway });
    await h.term.press(...'jj', 'U', ...'registry/web:4-bad', 'enter');
    await h.term.waitFor('Type web to confirm:');
    await h.term.press(...'web', 'enter');
    let screen = await h.term.waitFor('FAILED');
    expect(screen).toContain('health check failed on v4-bad');
    expect(screen).toContain('b: roll web back to the previous spec');
    expect(gateway.executions[0]?.action).toEqual({ kind: 'upgrade', serviceId: 'east-mem/web', image: 'registry/web:4-bad' });
    await h.term.press('b');
    screen = await h.term.waitFor('Type web to confirm:');
    expect(screen).toContain('rollback web');
    expect(gateway.executions).toHaveLength(1);
    await h.term.press(...'web', 'enter');
    screen = await h.term.waitFor('SUCCEEDED');
    expect(screen).toContain('web is back on v2, 3/3 healthy');
    expect(gateway.executions[1]).toEqual({ action: { kind: 'rollback', serviceId: 'east-mem/web' }, confirmation: { kind: 'typed-name', typed: 'web' } });
    await h.term.press('enter');
    expect(h.term.text()).toContain('rollback web: succeeded — web is back on v2, 3/3 healthy');
  });

  it('E sets configuration as KEY=VALUE pairs; a canary outcome offers continue on c (y/n confirmation)', async () => {
    const gateway = new FakeActionGateway();
    gateway.previewFor = specPreview;
    gateway.outcomeFor = (a) =>
      a.kind === 'config-set'
        ? { status: 'succeeded', message: 'canary of web: the first step is done; the update plan waits for continue', followUp: 'plan-continue' }
        : { status: 'succeeded', message: 'web runs the new spec and is healthy' };
    h = await startHarness({ actions: gateway });
    await h.term.press(...'jj', 'E');
    await h.term.waitFor('KEY=VALUE');
    await h.term.press(...'oops', 'enter');
    await h.term.waitFor('Expected KEY=VALUE, got "oops"');
    await h.term.press('C-u', ...'LOG_LEVEL=debug canary', 'enter');
    expect(await h.term.waitFor('Type web to confirm:')).toContain('diff:    + env.LOG_LEVEL: debug');
    await h.term.press(...'web', 'enter');
    expect(await h.term.waitFor('SUCCEEDED')).toContain('c: continue the rollout of web past the canary');
    expect(gateway.executions[0]?.action).toEqual({ kind: 'config-set', serviceId: 'east-mem/web', set: { LOG_LEVEL: 'debug' }, strategy: 'canary' });
    await h.term.press('c');
    await h.term.waitFor('Run it?');
    await h.term.press('y');
    await h.term.waitFor('web runs the new spec and is healthy');
    expect(gateway.executions[1]).toEqual({ action: { kind: 'plan-continue', serviceId: 'east-mem/web' }, confirmation: { kind: 'confirm' } });
  });

  it('C continues a waiting canary of the selected service, and the help lists the new keys', async () => {
    const gateway = new FakeActionGateway();
    gateway.previewFor = specPreview;
    h = await startHarness({ actions: gateway });
    await h.term.press(...'jj', 'C');
    await h.term.waitFor('Run it?');
    await h.term.press('y');
    await h.term.waitFor('SUCCEEDED');
    expect(gateway.executions).toEqual([{ action: { kind: 'plan-continue', serviceId: 'east-mem/web' }, confirmation: { kind: 'confirm' } }]);
    await h.term.press('enter', '?');
    const help = await h.term.waitFor('U upgrade');
    expect(help).toContain('E config set');
    expect(help).toContain('C continue a canary');
  });
});
