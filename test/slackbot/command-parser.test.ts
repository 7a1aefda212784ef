/** The slash command grammar: every verb, Slack markup, and odd input never throwing. */
import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/slackbot/command-parser.js';
import { tokenize } from '../../src/slackbot/command-text.js';
import { renderHelp } from '../../src/slackbot/render/command-replies.js';

function command(text: string) {
  const result = parseCommandText(text);
  if (!result.ok) throw new Error(`expected ok for ${text}: ${result.message}`);
  return result.command;
}

describe('parseCommandText', () => {
  it.each([
    ['status', { verb: 'status' }],
    ['status payments', { verb: 'status', service: 'payments' }],
    ['plan payments', { verb: 'plan-show', service: 'payments' }],
    ['plan payments deploy', { verb: 'plan-show', service: 'payments', plan: 'deploy' }],
    ['scale payments 5', { verb: 'action', kind: 'scale', target: { service: 'payments' }, args: { instances: 5 } }],
    ['scale payments to 0', { verb: 'action', kind: 'scale', target: { service: 'payments' }, args: { instances: 0 } }],
    ['restart mem/payments', { verb: 'action', kind: 'restart', target: { service: 'mem/payments' }, args: {} }],
    ['ROLLBACK payments', { verb: 'action', kind: 'rollback', target: { service: 'payments' }, args: {} }],
    ['kill payments.2', { verb: 'action', kind: 'kill-task', target: { task: 'payments.2' }, args: {} }],
    ['plan pause kafka', { verb: 'action', kind: 'plan-pause', target: { service: 'kafka' }, args: {} }],
    ['plan resume kafka update', { verb: 'action', kind: 'plan-resume', target: { service: 'kafka', plan: 'update' }, args: {} }],
    ['plan restart kafka deploy kafka-0', { verb: 'action', kind: 'plan-restart-step', target: { service: 'kafka', plan: 'deploy', step: 'kafka-0' }, args: {} }],
    ['plan force-complete kafka deploy kafka-1', { verb: 'action', kind: 'plan-force-complete', target: { service: 'kafka', plan: 'deploy', step: 'kafka-1' }, args: {} }],
    ['alerts', { verb: 'alerts' }],
    ['ack a-17', { verb: 'ack', alertId: 'a-17' }],
    ['resolve a-17', { verb: 'resolve', alertId: 'a-17' }],
    ['silence a-17', { verb: 'silence', alertId: 'a-17', durationMs: 3_600_000 }],
    ['silence a-17 30m --reason planned maintenance', { verb: 'silence', alertId: 'a-17', durationMs: 1_800_000, reason: 'planned maintenance' }],
    ['oncall', { verb: 'oncall' }],
    ['approve req-9', { verb: 'approve', requestId: 'req-9' }],
    ['deny req-9 because not now', { verb: 'deny', requestId: 'req-9', reason: 'not now' }],
    ['help', { verb: 'help' }],
    ['help scale', { verb: 'help', topic: 'scale' }],
    ['', { verb: 'help' }],
  ])('reads %j', (text, expected) => {
    expect(command(text)).toEqual(expected);
  });

  it('takes a reason after --reason, keeping mentions readable', () => {
    expect(command('restart payments --reason <@U1|bob> asked')).toMatchObject({ reason: '@bob asked' });
  });

  it('reads names Slack auto-linked and quoted names', () => {
    expect(command('restart <http://web.example|web.example>')).toMatchObject({ target: { service: 'web.example' } });
    expect(command('restart "payments"')).toMatchObject({ target: { service: 'payments' } });
    expect(command('restart \u201cpayments\u201d')).toMatchObject({ target: { service: 'payments' } });
  });

  it.each([
    ['restrat payments', /Did you mean `restart`/],
    ['stauts', /Did you mean `status`/],
    ['launch-missiles', /I don't know "launch-missiles"\.$/],
    ['restart', /Missing service/],
    ['restart <@U1|bob>', /got a mention \(@bob\)/],
    ['restart <#C1|ops>', /got a channel \(#ops\)/],
    ['kill <http://evil.example/x>', /got a link/],
    ['scale payments -1', /not an instance count/],
    ['scale payments 99999', /not an instance count/],
    ['silence a-1 8d', /between 1 second and 7 days/],
    ['restart payments now please', /Unexpected "now"/],
    ['restart ../../etc', /not a valid service/],
    ['<@U1> restart', /start with a verb/],
  ])('explains what is wrong with %j', (text, message) => {
    const result = parseCommandText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.usage).toBeDefined();
    }
  });

  it('refuses very long input without reading it', () => {
    const result = parseCommandText(`restart ${'a'.repeat(100_000)}`);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('at most 1000') });
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['<', '>', '|', '@', '#', '"', "'", '&amp;', '&lt;', ' ', 'restart', 'scale', 'plan', '\u0000', '\n', 'é', '💥', '--reason'];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(() => parseCommandText(text)).not.toThrow();
    }
  });
});

describe('tokenize', () => {
  it('decodes entities and recognises mentions, channels and links', () => {
    expect(tokenize('a&amp;b <@U1|bob> <#C2|ops> <https://x.example|docs> <!here>')).toEqual([
      { type: 'word', text: 'a&b' },
      { type: 'user', id: 'U1', label: 'bob' },
      { type: 'channel', id: 'C2', label: 'ops' },
      { type: 'word', text: 'docs' },
      { type: 'word', text: '@here' },
    ]);
  });
});

describe('spec-change commands', () => {
  it.each([
    ['upgrade payments registry/payments:1.8', { verb: 'action', kind: 'upgrade', target: { service: 'payments' }, args: { image: 'registry/payments:1.8' } }],
    ['upgrade kafka 2.9.1 canary', { verb: 'action', kind: 'upgrade', target: { service: 'kafka' }, args: { version: '2.9.1', strategy: 'canary' } }],
    ['upgrade kafka to v3 Parallel reason: CVE-2026-1', { verb: 'action', kind: 'upgrade', target: { service: 'kafka' }, args: { version: 'v3', strategy: 'parallel' }, reason: 'CVE-2026-1' }],
    ['upgrade web nginx@sha256:abc serial', { verb: 'action', kind: 'upgrade', target: { service: 'web' }, args: { image: 'nginx@sha256:abc', strategy: 'serial' } }],
    ['upgrade web image=nginx', { verb: 'action', kind: 'upgrade', target: { service: 'web' }, args: { image: 'nginx' } }],
    ['upgrade web version=1.2/rc', { verb: 'action', kind: 'upgrade', target: { service: 'web' }, args: { version: '1.2/rc' } }],
    ['config set payments LOG_LEVEL=debug mem=1024', { verb: 'action', kind: 'config-set', target: { service: 'payments' }, args: { 'set.LOG_LEVEL': 'debug', 'set.mem': '1024' } }],
    ['config set payments URL=a=b canary --reason tuning', { verb: 'action', kind: 'config-set', target: { service: 'payments' }, args: { 'set.URL': 'a=b', strategy: 'canary' }, reason: 'tuning' }],
    ['config set payments STRATEGY=canary', { verb: 'action', kind: 'config-set', target: { service: 'payments' }, args: { 'set.STRATEGY': 'canary' } }],
    ['config set payments EMPTY=', { verb: 'action', kind: 'config-set', target: { service: 'payments' }, args: { 'set.EMPTY': '' } }],
    ['plan continue payments', { verb: 'action', kind: 'plan-continue', target: { service: 'payments' }, args: {} }],
    ['plan continue payments update', { verb: 'action', kind: 'plan-continue', target: { service: 'payments', plan: 'update' }, args: {} }],
  ])('reads %j', (text, expected) => {
    expect(command(text)).toEqual(expected);
  });

  it.each([
    ['upgrade payments', /Missing image or version/],
    ['upgrade payments v2 yolo', /"yolo" is not a strategy/],
    ['upgrade payments image=', /is not a valid image/],
    ['upgrade payments v2 canary extra', /Unexpected "extra"/],
    ['config payments A=1', /I know `config set`, not `config payments`/],
    ['config set payments', /Missing KEY=VALUE/],
    ['config set payments debug', /Expected KEY=VALUE, got "debug"/],
    ['config set payments =x', /Expected KEY=VALUE/],
    ['config set payments A=1 A=2', /A is given twice/],
    ['plan continue', /Missing service/],
    ['upgarde payments v2', /Did you mean `upgrade`/],
  ])('explains what is wrong with %j', (text, message) => {
    const result = parseCommandText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.usage).toBeDefined();
    }
  });

  it('lists upgrade, config set and plan continue in the help text, with a help topic each', () => {
    const help = JSON.stringify(renderHelp('/opsdeck').blocks);
    for (const text of ['/opsdeck upgrade <service> <image-or-version> [canary|serial|parallel]', 'config set <service> KEY=VALUE', 'plan pause|resume|continue <service>']) expect(help).toContain(text);
    expect(JSON.stringify(renderHelp('/opsdeck', 'upgrade').blocks)).toContain('image=');
    expect(JSON.stringify(renderHelp('/opsdeck', 'config').blocks)).toContain('LOG_LEVEL=debug');
  });
});
