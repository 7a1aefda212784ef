/** The outbox on a FakeClock: order per channel, pacing, Retry-After, backoff, giving up. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { Outbox, deliveryFailureKind } from '../../../src/slackbot/delivery/outbox.js';
import { SlackHttpError } from '../../../src/slackbot/delivery/slack-failure.js';

function outbox(clock: FakeClock, overrides: Partial<ConstructorParameters<typeof Outbox>[0]> = {}): Outbox {
  return new Outbox({ clock, logger: silentLogger, perChannelIntervalMs: 1000, maxAttempts: 4, baseBackoffMs: 1000, maxBackoffMs: 30_000, ...overrides });
}

const rateLimited = (seconds: number): Error => Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: seconds });
const serverError = (): Error => Object.assign(new Error('500'), { code: 'slack_webapi_http_error', statusCode: 500 });
const platform = (error: string): Error => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('Outbox', () => {
  it('sends at most one paced message per second per channel, in order, while other channels proceed', async () => {
    const clock = new FakeClock(0);
    const box = outbox(clock);
    const sent: Array<[string, number]> = [];
    const all = ['C1', 'C1', 'C1', 'C2'].map((channel, i) => box.enqueue(channel, async () => void sent.push([`${channel}#${i}`, clock.now()]), { paced: true }));
    await clock.advance(5000);
    await Promise.all(all);
    expect(sent).toEqual([
      ['C1#0', 0],
      ['C2#3', 0],
      ['C1#1', 1000],
      ['C1#2', 2000],
    ]);
  });

  it('honours Retry-After for every lane, then retries the same message first', async () => {
    const clock = new FakeClock(0);
    const box = outbox(clock);
    const attempts: Array<[string, number]> = [];
    let failures = 1;
    const first = box.enqueue('C1', async () => {
      attempts.push(['first', clock.now()]);
      if (failures-- > 0) throw rateLimited(7);
    });
    const second = box.enqueue('C1', async () => void attempts.push(['second', clock.now()]));
    const other = box.enqueue('C2', async () => void attempts.push(['other', clock.now()]));
    await clock.advance(10_000);
    await Promise.all([first, second, other]);
    expect(attempts[0]).toEqual(['first', 0]);
    expect(attempts).toContainEqual(['first', 7000]);
    expect(attempts.findIndex((a) => a[0] === 'second')).toBeGreaterThan(attempts.findIndex((a) => a[0] === 'first' && a[1] === 7000));
    expect(attempts.find((a) => a[0] === 'second')?.[1]).toBe(7000);
  });

  it('backs off exponentially on 5xx and gives up as retryable after the last attempt', async () => {
    const clock = new FakeClock(0);
    const box = outbox(clock);
    const at: number[] = [];
    const job = box.enqueue('C1', async () => {
      at.push(clock.now());
      throw serverError();
    });
    const settled = job.catch((error: unknown) => error);
    await clock.advance(60_000);
    expect(at).toEqual([0, 1000, 3000, 7000]);
    expect(deliveryFailureKind(await settled)).toBe('retryable');
  });

  it('gives up at once on a permanent error, and the next message in the lane still goes', async () => {
    const clock = new FakeClock(0);
    const box = outbox(clock);
    let calls = 0;
    const bad = box.enqueue('C1', async () => {
      calls++;
      throw platform('channel_not_found');
    });
    const good = box.enqueue('C1', async () => 'ok');
    await clock.advance(0);
    expect(deliveryFailureKind(await bad.catch((e: unknown) => e))).toBe('permanent');
    expect(await good).toBe('ok');
    expect(calls).toBe(1);
  });

  it('treats response_url 429 with Retry-After and 404 (used up) correctly', async () => {
    const clock = new FakeClock(0);
    const box = outbox(clock);
    const at: number[] = [];
    let n = 0;
    const job = box.enqueue('r', async () => {
      at.push(clock.now());
      if (n++ === 0) throw new SlackHttpError(429, 3, 'busy');
      throw new SlackHttpError(404, undefined, 'used_url');
    });
    const settled = job.catch((e: unknown) => e);
    await clock.advance(10_000);
    expect(at).toEqual([0, 3000]);
    expect(deliveryFailureKind(await settled)).toBe('permanent');
  });

  it('fails queued work as retryable when stopped, instead of hanging', async () => {
    const clock = new FakeClock(0);
    const box = outbox(clock);
    const job = box.enqueue('C1', async () => {
      throw serverError();
    });
    const settled = job.catch((e: unknown) => e);
    await clock.advance(0);
    box.stop();
    expect(deliveryFailureKind(await settled)).toBe('retryable');
  });
});
