/**
 * Resolves `:cluster NAME` (or `:cluster all`) against the clusters the
 * backends report, so the dashboard can scope its views or say what exists.
 */

/** The outcome of a `:cluster` request: a scope to apply, or why not. */
export type ClusterScopeResult = { ok: true; cluster: string | undefined; message: string } | { ok: false; message: string };

/** Pure: `requested` undefined means every cluster. */
export function resolveClusterScope(requested: string | undefined, clusters: Iterable<string>): ClusterScopeResult {
  if (requested === undefined) return { ok: true, cluster: undefined, message: 'Showing all clusters.' };
  const known = [...new Set(clusters)].sort();
  if (!known.includes(requested)) return { ok: false, message: `Unknown cluster "${requested}". Known: ${known.join(', ') || 'none'}.` };
  return { ok: true, cluster: requested, message: `Showing cluster ${requested}.` };
}
