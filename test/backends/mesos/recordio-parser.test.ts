/**
 * RecordIO framing: records split at arbitrary byte boundaries (inside the
 * length, the newline, a multi-byte character) parse to the same records,
 * locally and over a real chunked HTTP stream; broken framing is a clear error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DcosHttp } from '../../../src/backends/mesos/dcos-http.js';
import { openMesosEventStream, type MesosEventRecord } from '../../../src/backends/mesos/mesos-event-stream.js';
import { RecordIoParser } from '../../../src/backends/mesos/recordio-parser.js';
import { encodeRecord } from '../../../src/backends/sim/recordio-encoder.js';
import { SeededRandom } from '../../../src/backends/sim/seeded-random.js';
import { systemClock } from '../../../src/core/clock.js';
import { isOpsdeckError } from '../../../src/core/errors.js';

const RECORDS = [
  { type: 'SUBSCRIBED', subscribed: { get_state: { get_tasks: { tasks: [] } }, heartbeat_interval_seconds: 15 } },
  { type: 'HEARTBEAT' },
  { type: 'TASK_ADDED', task_added: { task: { name: 'wébserver-ü-✓', task_id: { value: 'prod_web.instance-1' } } } },
  { type: 'TASK_UPDATED', task_updated: { framework_id: { value: 'f-1' }, status: { task_id: { value: 'x' }, state: 'TASK_RUNNING', message: '日本語 🚀' }, state: 'TASK_RUNNING' } },
  { type: 'HEARTBEAT' },
];
const BYTES = Buffer.concat(RECORDS.map(encodeRecord));

function parseInChunks(chunks: Buffer[]): unknown[] {
  const parser = new RecordIoParser();
  const out = chunks.flatMap((c) => parser.push(c)).map((t) => JSON.parse(t) as unknown);
  parser.end();
  return out;
}

describe('RecordIoParser', () => {
  it('parses the same records whatever single split point cuts the stream', () => {
    for (let cut = 0; cut <= BYTES.length; cut++) {
      expect(parseInChunks([BYTES.subarray(0, cut), BYTES.subarray(cut)])).toEqual(RECORDS);
    }
  });

  it('parses the same records when fed one byte at a time and in random-sized chunks', () => {
    expect(parseInChunks([...BYTES].map((b) => Buffer.from([b])))).toEqual(RECORDS);
    const random = new SeededRandom(42);
    for (let round = 0; round < 50; round++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < BYTES.length; ) {
        const size = 1 + random.int(40);
        chunks.push(BYTES.subarray(at, at + size));
        at += size;
      }
      expect(parseInChunks(chunks)).toEqual(RECORDS);
    }
  });

  it('rejects a length header that is not a number with a protocol error naming RecordIO', () => {
    const parser = new RecordIoParser();
    let error: unknown;
    try {
      parser.push(Buffer.from('<html>\n'));
    } catch (e) {
      error = e;
    }
    expect(isOpsdeckError(error) && error.code).toBe('BACKEND_PROTOCOL');
    expect(String((error as Error).message)).toMatch(/not valid RecordIO/);
  });

  it('reports a stream that ends inside a record, saying how many bytes are missing', () => {
    const parser = new RecordIoParser();
    parser.push(Buffer.from('20\n{"type":"HEA'));
    expect(() => parser.end()).toThrow(/ended in the middle of a record \(missing 8 of 20 bytes\)/);
  });
});

describe('SUBSCRIBE over real HTTP in arbitrary chunks', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('delivers the same records when the server writes tiny chunks with pauses between them', async () => {
    const random = new SeededRandom(7);
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let at = 0;
      const writeNext = (): void => {
        if (at >= BYTES.length) return;
        const size = 1 + random.int(9);
        res.write(BYTES.subarray(at, at + size));
        at += size;
        setImmediate(writeNext);
      };
      writeNext();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const abort = new AbortController();
    const stream = await openMesosEventStream({
      http: new DcosHttp({ clock: systemClock, token: undefined, timeoutMs: 5000 }),
      mesosUrl: `http://127.0.0.1:${port}`,
      clock: systemClock,
      signal: abort.signal,
    });
    const got: MesosEventRecord[] = [];
    for await (const record of stream.records) {
      got.push(record);
      if (got.length === RECORDS.length) break;
    }
    abort.abort();
    expect(got).toEqual(RECORDS);
  });
});
