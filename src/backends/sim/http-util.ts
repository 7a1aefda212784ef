/**
 * Small helpers the simulator's HTTP routes share: JSON and text answers,
 * body reading, and the per-request fault hooks (slow and corrupted answers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Which simulated API a request went to (faults target one API). */
export type SimApi = 'mesos' | 'marathon' | 'sdk';

/** How a corrupted answer is broken. */
export type CorruptionMode = 'malformed' | 'truncated';

/** Per-request behaviour the fault injector controls. */
export interface ResponseShaping {
  corruption(api: SimApi): CorruptionMode | undefined;
}

/** Sends a JSON answer, or a broken one when a corruption fault targets this API. */
export function sendJson(res: ServerResponse, status: number, body: unknown, shaping?: { api: SimApi; faults: ResponseShaping }): void {
  const mode = shaping?.faults.corruption(shaping.api);
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  if (mode === 'malformed') {
    const broken = Buffer.from(`{"unexpected": <html>502 Bad Gateway</html>`, 'utf8');
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': broken.length });
    res.end(broken);
    return;
  }
  if (mode === 'truncated') {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    res.write(payload.subarray(0, Math.floor(payload.length / 2)));
    res.socket?.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
  res.end(payload);
}

/** Sends a plain-text answer (the SDK's 208 / 404 / 400 bodies). */
export function sendText(res: ServerResponse, status: number, body: string): void {
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': payload.length });
  res.end(payload);
}

/** Reads a request body as text (bounded to 1 MiB). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > 1_048_576) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; undefined when it is not valid JSON. */
export function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? {} : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** A plain object or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
