/** Config defaults, secret resolution per mode, the API URL override, and strict button values. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { decodeButtonValue, encodeButtonValue } from '../../src/slackbot/action-value.js';
import { OnceRegistry } from '../../src/slackbot/once.js';
import { DEFAULT_SLACK_API_URL, resolveSlackSecrets, slackConfigSchema } from '../../src/slackbot/slack-config.js';

describe('slackConfigSchema and resolveSlackSecrets', () => {
  it('defaults to Socket Mode, /opsdeck and Slack\'s own API', () => {
    const config = slackConfigSchema.parse({});
    expect(config).toMatchObject({ mode: 'socket', commandName: '/opsdeck', botTokenEnv: 'SLACK_BOT_TOKEN', appTokenEnv: 'SLACK_APP_TOKEN' });
    expect(resolveSlackSecrets(config, { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: DEFAULT_SLACK_API_URL });
  });

  it('takes the API URL from config over SLACK_API_URL over the default, always with a trailing slash', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api' };
    expect(resolveSlackSecrets(slackConfigSchema.parse({}), env).apiUrl).toBe('http://127.0.0.1:9/api/');
    expect(resolveSlackSecrets(slackConfigSchema.parse({ apiUrl: 'http://peer.test/api/' }), env).apiUrl).toBe('http://peer.test/api/');
  });

  it('names the missing variable and never echoes a token', () => {
    let message = '';
    try {
      resolveSlackSecrets(slackConfigSchema.parse({}), { SLACK_BOT_TOKEN: 'xoxb-secret-value' });
    } catch (error) {
      message = `${(error as Error).message} ${JSON.stringify(error)}`;
    }
    expect(message).toContain('SLACK_APP_TOKEN');
    expect(message).not.toContain('xoxb-secret-value');
    expect(() => resolveSlackSecrets(slackConfigSchema.parse({ mode: 'http', signingSecretEnv: 'MY_SECRET' }), { SLACK_BOT_TOKEN: 'xoxb-1', MY_SECRET: '' })).toThrow(/MY_SECRET/);
  });

  it('rejects a command name Slack would not accept', () => {
    expect(slackConfigSchema.safeParse({ commandName: 'opsdeck' }).success).toBe(false);
    expect(slackConfigSchema.safeParse({ commandName: '/ops deck' }).success).toBe(false);
  });
});

describe('button values', () => {
  it('round-trip, and anything we did not produce decodes to undefined', () => {
    const value = { t: 'cmd' as const, k: 'restart' as const, tg: { service: 'payments' }, ar: {}, g: 'confirm' as const };
    expect(decodeButtonValue(encodeButtonValue(value))).toEqual(value);
    for (const junk of [undefined, '', 'not json', '{"t":"cmd","k":"rm -rf"}', JSON.stringify({ t: 'cmd', k: 'restart', tg: {}, g: 'yolo' }), 'x'.repeat(3000)]) {
      expect(decodeButtonValue(junk)).toBeUndefined();
    }
  });

  it('refuses to encode a value that would not fit in a button', () => {
    expect(encodeButtonValue({ t: 'alert', al: 'a'.repeat(2100) })).toBeUndefined();
  });
});

describe('OnceRegistry', () => {
  it('runs once per key within the window, again after it, and again after a failure', async () => {
    const clock = new FakeClock(0);
    const once = new OnceRegistry<number>(clock, 1000);
    let runs = 0;
    const run = (): Promise<number> => Promise.resolve(++runs);
    expect(await once.run('k', run).result).toBe(1);
    expect(once.run('k', run)).toMatchObject({ duplicate: true });
    await clock.advance(1000);
    expect(await once.run('k', run).result).toBe(2);
    const failing = once.run('f', () => Promise.reject(new Error('network')));
    await expect(failing.result).rejects.toThrow('network');
    expect(once.run('f', run).duplicate).toBe(false);
  });
});
