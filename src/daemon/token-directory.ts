/**
 * Bearer-token authentication for the daemon: tokens live only as SHA-256
 * hashes, and a presented token is compared against every entry in constant
 * time so neither timing nor logs reveal anything about valid tokens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DaemonTokenConfig } from './daemon-config.js';
import { tenantScope, type Principal, type TokenDirectory } from './ports.js';

/** SHA-256 of a token as lowercase hex: what goes in the config's `sha256` field. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two secrets in time independent of where they differ (hashing first equalises lengths). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Builds the directory from config entries; the plain tokens are never seen here. */
export function createTokenDirectory(entries: readonly DaemonTokenConfig[]): TokenDirectory {
  const table = entries.map((entry) => ({
    hash: Buffer.from(entry.sha256, 'hex'),
    principal: {
      tokenId: entry.id,
      actor: { id: entry.actor.id, name: entry.actor.name ?? entry.actor.id, source: 'api', externalId: entry.id },
      scope: tenantScope(entry.tenants),
    } satisfies Principal,
  }));
  return {
    authenticate(token) {
      const presented = createHash('sha256').update(token, 'utf8').digest();
      let match: Principal | undefined;
      // Visit every entry (no early exit) so the time taken does not depend on which one matched.
      for (const row of table) {
        if (timingSafeEqual(presented, row.hash) && match === undefined) match = row.principal;
      }
      return match;
    },
  };
}

/** Extracts the token from an `Authorization: Bearer …` header value, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}
