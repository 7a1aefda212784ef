/**
 * Mesos RecordIO framing on the sending side: `<decimal byte length>\n<payload>`,
 * where the length counts UTF-8 bytes of the payload.
 */

/** Encodes one JSON value as a RecordIO record. */
export function encodeRecord(value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.concat([Buffer.from(`${payload.length}\n`, 'ascii'), payload]);
}
