/**
 * The ledger every backend acts through: one key acts once (concurrent and
 * later calls share the receipt), a failure frees the key for a corrected
 * retry, and cancelled or keyless calls never act.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyLedger } from '../../../src/core/backend/idempotency-ledger.js';

describe('IdempotencyLedger', () => {
  it('acts once for concurrent and later calls with one key, and all callers get the first receipt', async () => {
    const ledger = new IdempotencyLedger();
    let acted = 0;
    const act = async (): Promise<{ message: string }> => ({ message: `acted ${++acted}` });
    const receipts = await Promise.all(Array.from({ length: 5 }, () => ledger.once({ idempotencyKey: 'k' }, act)));
    expect(await ledger.once({ idempotencyKey: 'k' }, act)).toEqual({ message: 'acted 1' });
    expect(receipts.every((r) => r.message === 'acted 1')).toBe(true);
    expect(acted).toBe(1);
  });

  it('frees the key after a failure, including a synchronous throw, so a retry can act', async () => {
    const ledger = new IdempotencyLedger();
    await expect(ledger.once({ idempotencyKey: 'k' }, () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await ledger.once({ idempotencyKey: 'k' }, async () => ({ message: 'ok' }))).toEqual({ message: 'ok' });
  });

  it('refuses a cancelled call and an empty key without acting', async () => {
    const ledger = new IdempotencyLedger();
    const aborted = new AbortController();
    aborted.abort();
    let acted = false;
    const act = async (): Promise<{ message: string }> => ((acted = true), { message: 'x' });
    await expect(ledger.once({ idempotencyKey: 'k', signal: aborted.signal }, act)).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(ledger.once({ idempotencyKey: '' }, act)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(acted).toBe(false);
  });

  it('forgets the oldest key past its capacity', async () => {
    const ledger = new IdempotencyLedger(2);
    let acted = 0;
    const act = async (): Promise<{ message: string }> => ({ message: String(++acted) });
    for (const key of ['a', 'b', 'c']) await ledger.once({ idempotencyKey: key }, act);
    await ledger.once({ idempotencyKey: 'a' }, act);
    expect(acted).toBe(4);
  });
});
