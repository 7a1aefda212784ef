/** Slack request signature checks, pure: signature, time window both ways, replays. */
import { describe, expect, it } from 'vitest';
import { ReplayGuard, signSlackRequest, verifySlackSignature } from '../../src/slackbot/signed-request.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_700_000_000_000;

function verify(overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}, guard = new ReplayGuard()) {
  const timestamp = String(NOW / 1000);
  const rawBody = 'token=x&command=%2Fopsdeck&text=status';
  return verifySlackSignature({ secret: SECRET, timestamp, rawBody, signature: signSlackRequest(SECRET, timestamp, rawBody), nowMs: NOW, replayGuard: guard, ...overrides });
}

describe('verifySlackSignature', () => {
  it('matches the signature Slack documents for its example request', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest(SECRET, 1531420618, body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('accepts a fresh, correctly signed request', () => {
    expect(verify()).toEqual({ ok: true });
  });

  it.each([
    ['missing signature', { signature: undefined }, 'missing-headers'],
    ['garbage timestamp', { timestamp: '12ab' }, 'bad-timestamp'],
    ['tampered body', { rawBody: 'token=x&command=%2Fopsdeck&text=restart' }, 'bad-signature'],
    ['truncated signature', { signature: 'v0=abc' }, 'bad-signature'],
    ['stale by 5 minutes and 1 second', { nowMs: NOW + 301_000 }, 'stale'],
    ['from 10 seconds in the future', { nowMs: NOW - 10_000 }, 'future'],
  ])('refuses a %s', (_label, overrides, reason) => {
    expect(verify(overrides as Partial<Parameters<typeof verifySlackSignature>[0]>)).toEqual({ ok: false, reason });
  });

  it('accepts a request at the edge of the window (5 minutes old)', () => {
    expect(verify({ nowMs: NOW + 300_000 })).toEqual({ ok: true });
  });

  it('refuses the same signed request the second time, and forgets it once it would be stale anyway', () => {
    const guard = new ReplayGuard();
    expect(verify({}, guard)).toEqual({ ok: true });
    expect(verify({}, guard)).toEqual({ ok: false, reason: 'replayed' });
    expect(guard.firstUse('v0=other', NOW + 1000, NOW + 2000)).toBe(true);
  });
});
