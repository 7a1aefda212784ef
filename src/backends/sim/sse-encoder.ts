/**
 * Server-sent event framing as Marathon writes it: `event: <type>\ndata: <json>\n\n`.
 */

/** Encodes one Marathon event as an SSE frame. */
export function encodeSseFrame(eventType: string, data: unknown): string {
  return `event: ${eventType}\ndata: ${JSON.stringify(data)}\n\n`;
}
