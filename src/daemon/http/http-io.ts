/**
 * Small HTTP helpers for the daemon's endpoints: JSON replies and a body
 * reader that stops at a size limit (so an oversized request costs at most
 * the limit in memory and gets 413).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes a JSON reply with the given status. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/** Result of reading a bounded body. */
export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too-large' };

/** Reads the request body up to `limitBytes`; past it, stops reading and reports too-large. */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        done = true;
        chunks.length = 0;
        resolve({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
      done = true;
    });
    request.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}
