/**
 * One pager at a time: a second pager on the same database (another daemon,
 * or a CLI that started alerting) stands by while the holder lives, and takes
 * over when the holder stops or its lease expires.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../../src/core/alerts/config.js';
import { createAlerting, type Alerting } from '../../../src/core/alerts/create-alerting.js';
import { silentLogger } from '../../../src/core/logger.js';
import { oncallConfigSchema } from '../../../src/core/oncall/config.js';
import { StateStore } from '../../../src/core/state/store.js';
import { PagingLease } from '../../../src/core/storage/paging-lease.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';
import { baseOncall, failAll, RecordingNotifier, startHarness, type Harness } from '../alerts/support/alerting-harness.js';

let h: Harness | undefined;
let standby: Alerting | undefined;
afterEach(async () => {
  await standby?.stop();
  await h?.close();
  standby = undefined;
  h = undefined;
});

describe('pager lease', () => {
  it('a second pager stands by while the first runs, and takes over the open page when the first stops', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: 0 } } });
    h.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
    await h.settle();
    failAll(h.backend, 'web', 2);
    await h.settle();
    await h.clock.advance(1_000);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(1);

    const notifier = new RecordingNotifier(h.clock);
    standby = createAlerting({
      store: new StateStore({ clock: h.clock }),
      database: join(h.dir, 'opsdeck.db'),
      clock: h.clock,
      notifier,
      gate: h.gate,
      pagerId: 'other-host#1',
      config: { alerts: alertsConfigSchema.parse({}), oncall: oncallConfigSchema.parse(baseOncall) },
      logger: silentLogger,
    });
    standby.start();
    expect(standby.isPaging()).toBe(false);
    expect(h.alerting.isPaging()).toBe(true);
    await h.clock.advance(5 * 60_000);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(2);
    expect(notifier.delivered).toHaveLength(0);

    const stoppedAt = h.clock.now();
    await h.close();
    const clock = h.clock;
    h = undefined;
    await clock.advance(30_000);
    await standby.settle();
    expect(standby.isPaging()).toBe(true);
    await clock.advance(5 * 60_000);
    await standby.settle();
    expect(notifier.pages().map((p) => p.recipient.personId)).toEqual(['bob']);
    expect(notifier.pages()[0]!.at - stoppedAt).toBeLessThanOrEqual(5 * 60_000 + 30_000);
  });

  it('takes an expired lease from a holder on another host, and a dead local holder\'s lease at once', () => {
    const lease = new PagingLease(openDatabase(':memory:'));
    expect(lease.tryAcquire('far-host#7', 1_000, 90_000).acquired).toBe(true);
    expect(lease.tryAcquire('near#8', 50_000, 90_000).acquired).toBe(false);
    expect(lease.tryAcquire('near#8', 91_001, 90_000)).toMatchObject({ acquired: true, holder: { owner: 'near#8', epoch: 2 } });
    expect(lease.tryAcquire('far-host#7', 100_000, 90_000, () => true)).toMatchObject({ acquired: true, holder: { epoch: 3 } });
  });
});
