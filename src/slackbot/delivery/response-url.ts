/**
 * Posts to a Slack `response_url` (usable 5 times in 30 minutes) with a real
 * HTTP status check, so the outbox can retry 429 and 5xx like any Web API call.
 */
import { SlackHttpError } from './slack-failure.js';

/** Body of a response_url post. */
export interface ResponseUrlMessage {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
  thread_ts?: string;
}

/** Sends one message to a response_url; throws SlackHttpError on a non-2xx answer. */
export async function postToResponseUrl(url: string, message: ResponseUrlMessage, fetchFn: typeof fetch = fetch): Promise<void> {
  const response = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(message) });
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    await response.body?.cancel();
    throw new SlackHttpError(response.status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined, `response_url answered HTTP ${response.status}`);
  }
  await response.body?.cancel();
}
