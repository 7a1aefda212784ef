/**
 * A short-lived process (the CLI) opens the same database without starting
 * the pager: its ack and its silence reach the running pager through storage.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../../src/core/alerts/config.js';
import { createAlerting, type Alerting } from '../../../src/core/alerts/create-alerting.js';
import { silentLogger } from '../../../src/core/logger.js';
import { oncallConfigSchema } from '../../../src/core/oncall/config.js';
import { StateStore } from '../../../src/core/state/store.js';
import { alice, baseOncall, failAll, RecordingNotifier, startHarness, type Harness } from './support/alerting-harness.js';

let h: Harness | undefined;
let cli: Alerting | undefined;
afterEach(async () => {
  await cli?.stop();
  await h?.close();
  cli = undefined;
  h = undefined;
});

function openCli(harness: Harness): Alerting {
  return createAlerting({
    store: new StateStore({ clock: harness.clock }),
    database: join(harness.dir, 'opsdeck.db'),
    clock: harness.clock,
    notifier: new RecordingNotifier(harness.clock),
    gate: harness.gate,
    config: { alerts: alertsConfigSchema.parse({}), oncall: oncallConfigSchema.parse(baseOncall) },
    logger: silentLogger,
  });
}

describe('another process acting on alerts', () => {
  it('an ack made without start() stops the running pager\'s escalation within the poll interval', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: 0 } } });
    h.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
    await h.settle();
    failAll(h.backend, 'web', 2);
    await h.settle();
    await h.clock.advance(1_000);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(1);

    cli = openCli(h);
    expect(cli.listAlerts().map((a) => a.id)).toEqual(['A1']);
    await cli.ack('A1', alice);
    await h.clock.advance(2_000);
    expect(h.alerting.getAlert('A1')?.state).toBe('acknowledged');
    await h.clock.advance(60 * 60_000);
    expect(h.notifier.pages()).toHaveLength(1);
  });

  it('a silence made without start() mutes the running pager', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: '30s' } } });
    cli = openCli(h);
    await cli.silence('tenant=shop', { for: '1h', actor: alice });
    await h.clock.advance(3_000);
    h.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
    await h.settle();
    failAll(h.backend, 'web', 2);
    await h.settle();
    await h.clock.advance(50 * 60_000);
    expect(h.alerting.listAlerts()).toHaveLength(1);
    expect(h.notifier.delivered).toHaveLength(0);
  });
});
