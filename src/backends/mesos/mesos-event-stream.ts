/**
 * Opens the master's SUBSCRIBE stream and turns its RecordIO body into parsed
 * events in an async queue, noting when the last record arrived so a watchdog
 * can spot missed heartbeats.
 */
import { AsyncQueue } from '../../core/async-queue.js';
import type { Clock } from '../../core/clock.js';
import { opsError, toOpsdeckError } from '../../core/errors.js';
import type { DcosHttp } from './dcos-http.js';
import { RecordIoParser } from './recordio-parser.js';

/** One event record from the stream. */
export type MesosEventRecord = Record<string, unknown> & { type: string };

/** An open SUBSCRIBE stream. */
export interface MesosEventStream {
  records: AsyncQueue<MesosEventRecord>;
  /** Clock time the last record (any type) arrived. */
  lastRecordAt(): number;
}

/** Subscribes to the master; resolves once the response headers arrived (200). */
export async function openMesosEventStream(options: { http: DcosHttp; mesosUrl: string; clock: Clock; signal: AbortSignal; timeoutMs?: number }): Promise<MesosEventStream> {
  const { http, clock, signal } = options;
  const url = `${options.mesosUrl}/api/v1`;
  const headersDue = new AbortController();
  const disarm = new AbortController();
  const connect = AbortSignal.any([signal, headersDue.signal]);
  let timedOut = false;
  if (options.timeoutMs !== undefined) {
    clock.sleep(options.timeoutMs, AbortSignal.any([signal, disarm.signal])).then(
      () => {
        timedOut = true;
        headersDue.abort();
      },
      () => undefined,
    );
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: http.headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      body: JSON.stringify({ type: 'SUBSCRIBE' }),
      signal: connect,
    });
  } catch (error) {
    disarm.abort();
    if (signal.aborted) throw opsError('ABORTED', 'The operation was cancelled.');
    if (timedOut) {
      throw opsError('TIMEOUT', `The Mesos master did not answer SUBSCRIBE within ${options.timeoutMs} ms.`, { retryable: true, hint: 'The master is slow or overloaded; opsdeck keeps retrying.' });
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw opsError('BACKEND_UNREACHABLE', `Cannot reach the Mesos master at ${options.mesosUrl}: ${cause}.`, {
      retryable: true,
      hint: 'Check mesosUrl in the backend config and that the master is up; opsdeck keeps retrying.',
    });
  }
  // Headers arrived: disarm the connect timeout (the stream itself is watched by heartbeats).
  disarm.abort();
  if (response.status !== 200 || response.body === null) {
    const text = (await response.text().catch(() => '')).slice(0, 200);
    const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : 'BACKEND_ERROR';
    throw opsError(code, `The Mesos master refused SUBSCRIBE with ${response.status}${text ? `: ${text}` : ''}.`, {
      retryable: code === 'BACKEND_ERROR',
      hint: code === 'BACKEND_ERROR' ? 'opsdeck keeps retrying.' : 'Check the DC/OS token in the environment variable named by tokenEnv.',
    });
  }
  const records = new AsyncQueue<MesosEventRecord>(signal);
  let last = clock.now();
  void pump(response.body, records, signal, () => {
    last = clock.now();
  });
  return { records, lastRecordAt: () => last };
}

async function pump(body: ReadableStream<Uint8Array>, records: AsyncQueue<MesosEventRecord>, signal: AbortSignal, seen: () => void): Promise<void> {
  const parser = new RecordIoParser();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const text of parser.push(value)) {
        let record: unknown;
        try {
          record = JSON.parse(text);
        } catch {
          throw opsError('BACKEND_PROTOCOL', `The Mesos event stream carried a record that is not JSON: ${JSON.stringify(text.slice(0, 60))}.`, {
            hint: 'Check that mesosUrl points at a Mesos master; opsdeck reconnects and resynchronises.',
            retryable: true,
          });
        }
        if (typeof record !== 'object' || record === null || typeof (record as { type?: unknown }).type !== 'string') {
          throw opsError('BACKEND_PROTOCOL', 'The Mesos event stream carried a record without a type.', { retryable: true, hint: 'opsdeck reconnects and resynchronises.' });
        }
        seen();
        records.push(record as MesosEventRecord);
      }
    }
    parser.end();
    records.fail(opsError('BACKEND_UNREACHABLE', 'The Mesos master closed the event stream.', { retryable: true, hint: 'The master may have restarted or lost leadership; opsdeck reconnects.' }));
  } catch (error) {
    if (signal.aborted) return;
    const err = toOpsdeckError(error);
    records.fail(
      err.code === 'INTERNAL'
        ? opsError('BACKEND_UNREACHABLE', `The Mesos event stream broke: ${error instanceof Error ? error.message : String(error)}.`, { retryable: true, hint: 'opsdeck reconnects and resynchronises.' })
        : err,
    );
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
