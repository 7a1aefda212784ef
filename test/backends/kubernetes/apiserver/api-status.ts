/**
 * The apiserver's `Status` error bodies and request path parsing, shared by
 * every handler so errors look exactly like kube-apiserver's.
 */
import type { ServerResponse } from 'node:http';
import { RESOURCES, type ResourceName } from './resource-store.js';

/** A kube `Status` object. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

/** Builds a failure Status. */
export function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A parsed resource path. */
export interface ResourcePath {
  resource: ResourceName;
  namespace?: string;
  name?: string;
  subresource?: 'scale' | 'status';
}

/** Parses `/api/v1/...` and `/apis/apps/v1/...` paths; undefined for anything else. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname.split('/').filter((p) => p.length > 0);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts[1] === 'v1') {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts[1] === 'apps' && parts[2] === 'v1') {
    group = 'apps';
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (resource === undefined || !(resource in RESOURCES)) return undefined;
  const typed = resource as ResourceName;
  if (RESOURCES[typed].group !== group) return undefined;
  if (subresource !== undefined && subresource !== 'scale' && subresource !== 'status') return undefined;
  return {
    resource: typed,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

/** The resource string RBAC names for a path (e.g. `deployments/scale`). */
export function rbacResource(path: ResourcePath): string {
  return path.subresource === undefined ? path.resource : `${path.resource}/${path.subresource}`;
}
