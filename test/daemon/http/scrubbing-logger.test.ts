/**
 * Secrets the daemon reads at start never reach a log line: in messages,
 * nested fields, error messages, or through child loggers.
 */
import { describe, expect, it } from 'vitest';
import { jsonLogger } from '../../../src/core/logger.js';
import { scrubbingLogger } from '../../../src/daemon/http/scrubbing-logger.js';

describe('scrubbingLogger', () => {
  it('removes known secrets from messages, nested fields and errors, also in children', () => {
    const lines: string[] = [];
    const secret = 'hook-secret-4242';
    const logger = scrubbingLogger(jsonLogger({ write: (l) => lines.push(l) }), [secret]);
    logger.log('info', `got ${secret}`, { nested: { value: `x${secret}x` }, error: new Error(`bad ${secret}`) });
    logger.child({ component: 'webhook' }).log('warn', 'header', { header: `Bearer ${secret}` });
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(secret);
    const first = JSON.parse(lines[0] as string) as { msg: string; nested: { value: string }; error: { message: string } };
    expect(first.msg).toBe('got [redacted]');
    expect(first.nested.value).toBe('x[redacted]x');
    expect(first.error.message).toBe('bad [redacted]');
    expect(JSON.parse(lines[1] as string)).toMatchObject({ component: 'webhook' });
  });
});
