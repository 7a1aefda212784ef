/**
 * Mesos RecordIO framing on the receiving side: `<decimal length>\n<payload>`
 * records arrive split at arbitrary byte boundaries (even inside the length or
 * a multi-byte character), so bytes are buffered until a record is complete.
 */
import { opsError } from '../../core/errors.js';

const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;

/** Incremental RecordIO decoder: feed chunks, get complete record payloads as text. */
export class RecordIoParser {
  private buffer: Buffer = Buffer.alloc(0);
  private expected: number | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** Adds a chunk and returns every record it completes, in order. */
  push(chunk: Uint8Array): string[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const records: string[] = [];
    for (;;) {
      if (this.expected === undefined) {
        const newline = this.buffer.indexOf(NEWLINE);
        if (newline < 0) {
          if (this.buffer.length > 20) throw this.protocol('a record length header is longer than 20 bytes');
          if (this.buffer.length > 0 && !/^\d+$/.test(this.buffer.toString('latin1'))) throw this.protocol(`"${this.preview()}" is not a record length`);
          break;
        }
        const header = this.buffer.subarray(0, newline).toString('latin1');
        if (!/^\d{1,20}$/.test(header)) throw this.protocol(`"${header.slice(0, 20)}" is not a record length`);
        const length = Number(header);
        if (length > MAX_RECORD_BYTES) throw this.protocol(`a record of ${length} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit`);
        this.expected = length;
        this.buffer = this.buffer.subarray(newline + 1);
      }
      if (this.buffer.length < this.expected) break;
      const payload = this.buffer.subarray(0, this.expected);
      this.buffer = this.buffer.subarray(this.expected);
      this.expected = undefined;
      try {
        records.push(this.decoder.decode(payload));
      } catch {
        throw this.protocol('a record is not valid UTF-8');
      }
    }
    return records;
  }

  /** Call when the stream ends: throws if it ended inside a record. */
  end(): void {
    if (this.expected !== undefined || this.buffer.length > 0) {
      const missing = this.expected === undefined ? 'a record length' : `${this.expected - this.buffer.length} of ${this.expected} bytes`;
      throw opsError('BACKEND_PROTOCOL', `The Mesos event stream ended in the middle of a record (missing ${missing}).`, {
        hint: 'The connection was cut; opsdeck reconnects and resynchronises.',
        retryable: true,
      });
    }
  }

  private preview(): string {
    return this.buffer.subarray(0, 20).toString('latin1').replace(/[^\x20-\x7e]/g, '?');
  }

  private protocol(what: string): Error {
    return opsError('BACKEND_PROTOCOL', `The Mesos event stream is not valid RecordIO: ${what}.`, {
      hint: 'Check that mesosUrl points at a Mesos master (operator API v1); opsdeck reconnects and resynchronises.',
      retryable: true,
    });
  }
}
