/**
 * Follows Marathon's `/v2/events` server-sent events. Marathon does not
 * promise ordering, so events only invalidate the cached apps and deployments
 * (the caller re-reads them), exactly as the reference advises.
 */
import type { DcosHttp } from './dcos-http.js';
import { opsError } from '../../core/errors.js';

/** Event types that change what opsdeck shows about apps and deployments. */
const RELEVANT = /^(deployment_|status_update_event|instance_|health_status_changed_event|api_post_event|app_terminated_event|group_change_)/;

/** Reads the SSE stream until it ends or the signal aborts; calls `onChange` for each relevant event. Throws when the stream breaks. */
export async function followMarathonEvents(options: { http: DcosHttp; marathonUrl: string; signal: AbortSignal; onChange: (eventType: string) => void }): Promise<void> {
  const { signal } = options;
  let response: Response;
  try {
    response = await fetch(`${options.marathonUrl}/v2/events`, { headers: options.http.headers({ Accept: 'text/event-stream' }), signal });
  } catch (error) {
    if (signal.aborted) return;
    throw opsError('BACKEND_UNREACHABLE', `Cannot reach Marathon's event stream at ${options.marathonUrl}: ${error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)}.`, {
      retryable: true,
      hint: 'Check marathonUrl in the backend config; opsdeck reconnects.',
    });
  }
  if (response.status !== 200 || response.body === null) {
    throw opsError('BACKEND_ERROR', `Marathon refused the event stream with ${response.status}.`, { retryable: true, hint: 'opsdeck reconnects.' });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n/g, '\n');
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const type = /^event: ?(.*)$/m.exec(frame)?.[1]?.trim();
        if (type !== undefined && RELEVANT.test(type)) options.onChange(type);
        cut = buffer.indexOf('\n\n');
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    throw opsError('BACKEND_UNREACHABLE', `Marathon's event stream broke: ${error instanceof Error ? error.message : String(error)}.`, { retryable: true, hint: 'opsdeck reconnects.' });
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (!signal.aborted) throw opsError('BACKEND_UNREACHABLE', 'Marathon closed its event stream.', { retryable: true, hint: 'opsdeck reconnects.' });
}
