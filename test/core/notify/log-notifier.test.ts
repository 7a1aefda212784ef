/**
 * The log notifier writes each page once (by idempotency key) in a readable
 * form with the remediation buttons and what the night policy tried.
 */
import { describe, expect, it } from 'vitest';
import { jsonLogger } from '../../../src/core/logger.js';
import { LogNotifier } from '../../../src/core/notify/log-notifier.js';
import type { PageMessage } from '../../../src/core/notify/notifier.js';

const message: PageMessage = {
  idempotencyKey: 'P-1:0:alice',
  pageId: 'P-1',
  type: 'page',
  recipient: { personId: 'alice', name: 'Alice', timeZone: 'Europe/Berlin', contacts: {} },
  severity: 'critical',
  title: 'web is UNHEALTHY',
  alerts: [
    {
      id: 'A1',
      kind: 'service-unhealthy',
      severity: 'critical',
      state: 'firing',
      summary: 'web is UNHEALTHY: 0/3 healthy',
      labels: {},
      values: {},
      remediations: [{ action: 'restart', target: 'mem/web', args: {}, label: 'Restart' }],
      attempts: [{ remediation: 'restart', target: 'mem/web', at: 0, outcome: 'failed', summary: 'still 0/3 healthy' }],
    },
  ],
  level: 0,
  round: 0,
  policy: 'primary',
  createdAt: 0,
};

describe('LogNotifier', () => {
  it('writes a page once per idempotency key and always reports delivered', async () => {
    const lines: string[] = [];
    const texts: string[] = [];
    const notifier = new LogNotifier({ logger: jsonLogger({ write: (l) => lines.push(l) }), write: (t) => texts.push(t) });
    expect(await notifier.deliver(message)).toEqual({ status: 'delivered' });
    expect(await notifier.deliver(message)).toEqual({ status: 'delivered' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'page delivered', key: 'P-1:0:alice', to: 'alice', alerts: ['A1'] });
    expect(texts[0]).toContain('tried restart: failed (still 0/3 healthy)');
    expect(texts[0]).toContain('actions: Restart');
  });
});
