/** `:cluster` resolves against the clusters backends report, and names the known ones when it cannot. */
import { describe, expect, it } from 'vitest';
import { resolveClusterScope } from '../../src/tui/cluster-scope.js';

describe('resolveClusterScope', () => {
  it('scopes to a known cluster', () => {
    expect(resolveClusterScope('eu', ['us', 'eu', 'eu'])).toEqual({ ok: true, cluster: 'eu', message: 'Showing cluster eu.' });
  });
  it('clears the scope for all clusters', () => {
    expect(resolveClusterScope(undefined, ['us'])).toEqual({ ok: true, cluster: undefined, message: 'Showing all clusters.' });
  });
  it('refuses an unknown cluster and lists the known ones, sorted', () => {
    expect(resolveClusterScope('mars', ['us', 'eu'])).toEqual({ ok: false, message: 'Unknown cluster "mars". Known: eu, us.' });
  });
});
