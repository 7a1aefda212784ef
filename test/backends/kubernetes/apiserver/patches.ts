/**
 * The three patch formats kubectl sends, applied the way the apiserver does
 * for the fields opsdeck touches: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902) and strategic merge patch (lists merged by their patchMergeKey).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Thrown for a patch the server must refuse (422 / 400). */
export class PatchError extends Error {}

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** patchMergeKey of the list fields in the Pod / workload schemas that opsdeck's patches can reach. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  conditions: 'type',
  imagePullSecrets: 'name',
  tolerations: 'key',
};

/** Strategic merge patch: maps merge (or are replaced under `$patch: replace`), null deletes, lists with a merge key merge by it, other lists replace. */
export function applyStrategicMergePatch(target: unknown, patch: unknown, field?: string): unknown {
  if (Array.isArray(patch)) {
    const mergeKey = field === undefined ? undefined : MERGE_KEYS[field];
    if (mergeKey === undefined || !Array.isArray(target)) return structuredClone(patch);
    const out = [...target];
    for (const item of patch) {
      if (!isObject(item)) continue;
      const index = out.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
      if (item.$patch === 'delete') {
        if (index >= 0) out.splice(index, 1);
      } else if (index >= 0) out[index] = applyStrategicMergePatch(out[index], item);
      else out.push(structuredClone(item));
    }
    return out;
  }
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...replacement } = patch;
    return structuredClone(replacement);
  }
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = applyStrategicMergePatch(out[k], v, k);
  }
  return out;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 JSON patch (add, remove, replace, test). */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    const parts = pointer(raw.path);
    if (parts.length === 0) {
      if (raw.op === 'replace' || raw.op === 'add') doc = structuredClone(raw.value);
      continue;
    }
    const last = parts[parts.length - 1] as string;
    let parent: unknown = doc;
    for (const part of parts.slice(0, -1)) {
      parent = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) ? parent[part] : undefined;
      if (parent === undefined) throw new PatchError(`path ${raw.path} does not exist`);
    }
    const container = parent as Record<string, unknown> | unknown[];
    switch (raw.op) {
      case 'add':
        if (Array.isArray(container)) container.splice(last === '-' ? container.length : Number(last), 0, structuredClone(raw.value));
        else container[last] = structuredClone(raw.value);
        break;
      case 'replace':
        if (Array.isArray(container)) {
          if (Number(last) >= container.length) throw new PatchError(`path ${raw.path} does not exist`);
          container[Number(last)] = structuredClone(raw.value);
        } else {
          if (!(last in container)) throw new PatchError(`replace operation does not apply: doc is missing key: ${raw.path}`);
          container[last] = structuredClone(raw.value);
        }
        break;
      case 'remove':
        if (Array.isArray(container)) container.splice(Number(last), 1);
        else {
          if (!(last in container)) throw new PatchError(`remove operation does not apply: doc is missing path: ${raw.path}`);
          delete container[last];
        }
        break;
      case 'test': {
        const actual = Array.isArray(container) ? container[Number(last)] : container[last];
        if (JSON.stringify(actual) !== JSON.stringify(raw.value)) throw new PatchError(`test failed for ${raw.path}`);
        break;
      }
      default:
        throw new PatchError(`unsupported op ${raw.op}`);
    }
  }
  return doc;
}

/** Applies a patch by its Content-Type, as the apiserver dispatches it. */
export function applyPatch(contentType: string, target: unknown, patch: unknown): unknown {
  const type = contentType.split(';')[0]?.trim();
  switch (type) {
    case 'application/json-patch+json':
      return applyJsonPatch(target, patch);
    case 'application/merge-patch+json':
      return applyMergePatch(target, patch);
    case 'application/strategic-merge-patch+json':
      return applyStrategicMergePatch(target, patch);
    default:
      throw new PatchError(`unsupported patch content type "${contentType}"`);
  }
}
