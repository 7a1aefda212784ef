/**
 * Token authentication and the daemon config section: tokens are configured
 * only as SHA-256 hashes, matched in constant time, mapped to an actor and
 * a tenant scope; config mistakes are reported with their path; and neither
 * a presented token nor an Authorization header ever reaches the logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLogger } from '../../../src/core/logger.js';
import { daemonConfigSchema } from '../../../src/daemon/daemon-config.js';
import { scopeSees } from '../../../src/daemon/ports.js';
import { bearerToken, createTokenDirectory, hashToken } from '../../../src/daemon/token-directory.js';
import { startFixture, TOKENS, type Fixture } from '../ws/support/daemon-fixture.js';
import { TestClient } from '../ws/support/ws-test-client.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

describe('token directory', () => {
  it('maps a token to its actor and tenant scope by hash, and rejects anything else', () => {
    const directory = createTokenDirectory(
      daemonConfigSchema.parse({
        tokens: [
          { id: 'alice', sha256: hashToken('secret-a').toUpperCase(), actor: { id: 'alice', name: 'Alice' }, tenants: ['team-a', 'team-c'] },
          { id: 'ops', sha256: hashToken('secret-ops'), actor: { id: 'ops' }, tenants: ['*'] },
        ],
      }).tokens,
    );
    const alice = directory.authenticate('secret-a');
    expect(alice).toMatchObject({ tokenId: 'alice', actor: { id: 'alice', name: 'Alice', source: 'api' } });
    expect(alice !== undefined && scopeSees(alice.scope, 'team-c')).toBe(true);
    expect(alice !== undefined && scopeSees(alice.scope, 'team-b')).toBe(false);
    const ops = directory.authenticate('secret-ops');
    expect(ops !== undefined && scopeSees(ops.scope, 'anything')).toBe(true);
    for (const wrong of ['', 'secret-a ', 'Secret-a', hashToken('secret-a')]) expect(directory.authenticate(wrong)).toBeUndefined();
  });

  it('reads only well-formed bearer headers', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc')).toBe('abc');
    for (const bad of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'abc']) expect(bearerToken(bad)).toBeUndefined();
  });
});

describe('daemon config section', () => {
  it('fills defaults and reports every mistake with its path', () => {
    const defaults = daemonConfigSchema.parse({});
    expect(defaults.listen).toEqual({ host: '127.0.0.1', port: 7433 });
    expect(defaults.limits.maxMessageBytes).toBe(65_536);
    const result = daemonConfigSchema.safeParse({
      tokens: [
        { id: 'x', sha256: 'not-a-hash', actor: { id: 'a' }, tenants: [] },
        { id: 'x', sha256: hashToken('t'), actor: { id: 'b' }, tenants: ['t'] },
      ],
      webhooks: { alertmanager: { tokenEnv: 'my-secret-value' } },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['tokens.0.sha256', 'tokens.0.tenants', 'tokens.1.id', 'webhooks.alertmanager.tokenEnv']);
    const duplicate = daemonConfigSchema.safeParse({ tokens: [1, 2].map(() => ({ id: 'x', sha256: hashToken('t'), actor: { id: 'b' }, tenants: ['t'] })) });
    expect(duplicate.error?.issues.map((i) => i.message)).toEqual(['token id "x" is used twice']);
  });
});

describe('ws authentication logs', () => {
  it('logs refused and accepted connections by token id, never the token', async () => {
    const lines: string[] = [];
    const f = (fixture = await startFixture({ perTenant: 1, logger: jsonLogger({ write: (l) => lines.push(l), level: 'debug' }) }));
    const wrong = 'tok-definitely-wrong-0123456789';
    await TestClient.connect(f.server.url, wrong).catch(() => undefined);
    await TestClient.connect(f.server.url, undefined, { path: `/ws?token=${TOKENS.bob}` }).catch(() => undefined);
    const alice = await TestClient.connect(f.server.url, TOKENS.alice);
    await alice.roundTrip();
    await alice.close();
    const text = lines.join('\n');
    expect(text).toContain('ws connection refused: bad or missing token');
    expect(text).toContain('"tokenId":"alice-laptop"');
    for (const secret of [wrong, TOKENS.alice, TOKENS.bob]) expect(text).not.toContain(secret);
  });
});
