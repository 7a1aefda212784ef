/**
 * Verifies Slack's request signature for HTTP mode: HMAC-SHA256 over
 * `v0:{timestamp}:{raw body}`, compared in constant time, with the timestamp
 * inside a five-minute window (future ones refused too) and each signature
 * accepted only once (replays refused).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a request was refused (safe to log; never contains the secret). */
export type SignatureVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'stale' | 'future' | 'bad-signature' | 'replayed' };

/** Oldest request accepted, per Slack's guidance and bolt's check. */
export const MAX_REQUEST_AGE_SECONDS = 300;
/** Clock skew tolerated for timestamps ahead of ours. */
export const MAX_FUTURE_SKEW_SECONDS = 5;

/** Computes the `v0=` signature Slack would send for a body at a timestamp. */
export function signSlackRequest(secret: string, timestampSeconds: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

/** Remembers accepted signatures for as long as their timestamps are acceptable. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** True the first time a signature is presented within its validity window. */
  firstUse(signature: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [sig, expiry] of this.seen) if (expiry <= nowMs) this.seen.delete(sig);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, expiresAtMs);
    return true;
  }
}

/** Inputs of one verification. */
export interface VerifyInput {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  nowMs: number;
  replayGuard: ReplayGuard;
}

/** Checks one request; pure apart from recording the signature in the replay guard. */
export function verifySlackSignature(input: VerifyInput): SignatureVerdict {
  if (input.signature === undefined || input.timestamp === undefined) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'bad-timestamp' };
  const ts = Number(input.timestamp);
  const nowSeconds = Math.floor(input.nowMs / 1000);
  if (ts < nowSeconds - MAX_REQUEST_AGE_SECONDS) return { ok: false, reason: 'stale' };
  if (ts > nowSeconds + MAX_FUTURE_SKEW_SECONDS) return { ok: false, reason: 'future' };
  const expected = Buffer.from(signSlackRequest(input.secret, input.timestamp, input.rawBody));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (!input.replayGuard.firstUse(input.signature, (ts + MAX_REQUEST_AGE_SECONDS + 1) * 1000, input.nowMs)) return { ok: false, reason: 'replayed' };
  return { ok: true };
}
