/**
 * The grammar of `/opsdeck …`: a pure function from command text to a typed
 * command or a helpful error. Nothing a person types can make it throw.
 */
import type { ActionKind } from '../core/model/action.js';
import type { CommandTarget } from './ports.js';
import { MAX_COMMAND_TEXT, describeToken, tokenize, type Token } from './command-text.js';
import { USAGE, suggestVerb } from './command-usage.js';
import { SET_PREFIX } from './action-value.js';

/** A command the bot understood. */
export type ParsedCommand =
  | { verb: 'help'; topic?: string }
  | { verb: 'status'; service?: string }
  | { verb: 'plan-show'; service: string; plan?: string }
  | { verb: 'action'; kind: ActionKind; target: CommandTarget; args: Record<string, string | number>; reason?: string }
  | { verb: 'alerts' }
  | { verb: 'ack' | 'resolve'; alertId: string }
  | { verb: 'silence'; alertId: string; durationMs: number; reason?: string }
  | { verb: 'oncall' }
  | { verb: 'approve' | 'deny'; requestId: string; reason?: string };

/** Parse outcome: the command, or what was wrong and how to write it. */
export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; message: string; usage?: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,252}$/;
const DURATION = /^(\d{1,5})(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_SILENCE_MS = 7 * 86_400_000;

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** Reads tokens front to back, turning misuse into ParseFailure with the verb's usage. */
class Reader {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly usage: string | undefined,
  ) {}

  name(what: string): string {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new ParseFailure(`Missing ${what}.`, this.usage);
    if (token.type === 'user') throw new ParseFailure(`Expected ${what}, got a mention (${describeToken(token)}).`, this.usage);
    if (token.type === 'channel') throw new ParseFailure(`Expected ${what}, got a channel (${describeToken(token)}).`, this.usage);
    if (token.type === 'link' && token.label === undefined) throw new ParseFailure(`Expected ${what}, got a link (${clip(token.url)}).`, this.usage);
    const text = token.type === 'word' ? token.text : (token.label ?? token.url);
    if (!NAME.test(text)) throw new ParseFailure(`"${clip(text)}" is not a valid ${what}.`, this.usage);
    return text;
  }

  /** A plain word, unchecked (numbers, durations); markup is refused. */
  word(what: string): string {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new ParseFailure(`Missing ${what}.`, this.usage);
    if (token.type !== 'word') throw new ParseFailure(`Expected ${what}, got ${describeToken(token)}.`, this.usage);
    return token.text;
  }

  optionalWord(what: string): string | undefined {
    return this.done() ? undefined : this.word(what);
  }

  optionalName(what: string): string | undefined {
    return this.done() ? undefined : this.name(what);
  }

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  /** Everything left, as the reason text. */
  rest(): string | undefined {
    const text = this.tokens.slice(this.index).map(describeToken).join(' ').trim();
    this.index = this.tokens.length;
    return text === '' ? undefined : text;
  }

  end(): void {
    if (!this.done()) throw new ParseFailure(`Unexpected "${clip(describeToken(this.tokens[this.index] as Token))}".`, this.usage);
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Pulls `--reason …` / `because …` out so every verb accepts a reason at the end. */
function splitReason(tokens: Token[]): { tokens: Token[]; reason?: string } {
  const at = tokens.findIndex((t) => t.type === 'word' && /^(--reason|-r|because|reason:)$/i.test(t.text));
  if (at < 0) return { tokens };
  const reason = tokens.slice(at + 1).map(describeToken).join(' ').trim();
  return reason === '' ? { tokens: tokens.slice(0, at) } : { tokens: tokens.slice(0, at), reason };
}

const PLAN_ACTIONS: Record<string, ActionKind> = {
  continue: 'plan-continue',
  pause: 'plan-pause',
  resume: 'plan-resume',
  restart: 'plan-restart-step',
  'force-complete': 'plan-force-complete',
  force: 'plan-force-complete',
};

function parsePlan(reader: Reader, first: string | undefined, reason: string | undefined): ParsedCommand {
  if (first === undefined) throw new ParseFailure('Missing service.', USAGE['plan']);
  const kind = PLAN_ACTIONS[first.toLowerCase()];
  if (kind === undefined) {
    const plan = reader.optionalName('plan name');
    reader.end();
    return plan === undefined ? { verb: 'plan-show', service: first } : { verb: 'plan-show', service: first, plan };
  }
  const service = reader.name('service');
  const plan = reader.optionalName('plan name');
  const step = kind === 'plan-restart-step' || kind === 'plan-force-complete' ? reader.optionalName('phase or step') : undefined;
  reader.end();
  const target: CommandTarget = { service, ...(plan === undefined ? {} : { plan }), ...(step === undefined ? {} : { step }) };
  return withReason({ verb: 'action', kind, target, args: {} }, reason);
}

const STRATEGIES = ['serial', 'parallel', 'canary'];
const MAX_VALUE = 255;

/** A rollout strategy word (`canary` or `strategy=canary`), else undefined. */
function strategyOf(word: string): string | undefined {
  const bare = word.replace(/^(--strategy=|strategy=)/, '').toLowerCase();
  return STRATEGIES.includes(bare) ? bare : undefined;
}

/** `upgrade <service> [to] <image-or-version> [serial|parallel|canary]`; an image has a path, tag or digest, else it is a version. */
function parseUpgrade(reader: Reader): Extract<ParsedCommand, { verb: 'action' }> {
  const usage = USAGE['upgrade'];
  const service = reader.name('service');
  let ref = reader.word('image or version');
  if (/^to$/i.test(ref)) ref = reader.word('image or version');
  const strategyWord = reader.optionalWord('strategy');
  reader.end();
  const strategy = strategyWord === undefined ? undefined : strategyOf(strategyWord);
  if (strategyWord !== undefined && strategy === undefined) throw new ParseFailure(`"${clip(strategyWord)}" is not a strategy: use serial, parallel or canary.`, usage);
  const explicit = /^(image|version)=(.*)$/i.exec(ref);
  const field = explicit !== null ? (explicit[1] as string).toLowerCase() : /[:/@]/.test(ref) ? 'image' : 'version';
  const value = explicit !== null ? (explicit[2] as string) : ref;
  if (value === '' || value.length > MAX_VALUE) throw new ParseFailure(`"${clip(value)}" is not a valid ${field}.`, usage);
  return { verb: 'action', kind: 'upgrade', target: { service }, args: { [field]: value, ...(strategy === undefined ? {} : { strategy }) } };
}

/** `config set <service> KEY=VALUE … [serial|parallel|canary]`; keys and values are checked by the engine. */
function parseConfigSet(reader: Reader): Extract<ParsedCommand, { verb: 'action' }> {
  const usage = USAGE['config'];
  const sub = reader.word('"set"');
  if (sub.toLowerCase() !== 'set') throw new ParseFailure(`I know \`config set\`, not \`config ${clip(sub)}\`.`, usage);
  const service = reader.name('service');
  const args: Record<string, string> = {};
  let pairs = 0;
  while (!reader.done()) {
    const word = reader.word('KEY=VALUE');
    const strategy = strategyOf(word);
    if (strategy !== undefined) {
      args['strategy'] = strategy;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) throw new ParseFailure(`Expected KEY=VALUE, got "${clip(word)}".`, usage);
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (key.length > 100 || value.length > MAX_VALUE) throw new ParseFailure(`${clip(key)} is too long (keys up to 100, values up to ${MAX_VALUE} characters).`, usage);
    if (`${SET_PREFIX}${key}` in args) throw new ParseFailure(`${clip(key)} is given twice.`, usage);
    args[`${SET_PREFIX}${key}`] = value;
    pairs++;
  }
  if (pairs === 0) throw new ParseFailure('Missing KEY=VALUE.', usage);
  return { verb: 'action', kind: 'config-set', target: { service }, args };
}

type Reasoned = Extract<ParsedCommand, { verb: 'action' | 'silence' | 'approve' | 'deny' }>;

function withReason(command: Reasoned, reason: string | undefined): ParsedCommand {
  return reason === undefined ? command : { ...command, reason };
}

function parseVerb(verb: string, reader: Reader, reason: string | undefined): ParsedCommand {
  switch (verb) {
    case 'help':
    case '?':
      return reader.done() ? { verb: 'help' } : { verb: 'help', topic: reader.name('topic').toLowerCase() };
    case 'status': {
      const service = reader.optionalName('service');
      reader.end();
      return service === undefined ? { verb: 'status' } : { verb: 'status', service };
    }
    case 'plan':
      return parsePlan(reader, reader.optionalName('service or plan action'), reason);
    case 'scale': {
      const service = reader.name('service');
      const countText = reader.word('instance count').replace(/^to$/i, '');
      const count = countText === '' ? reader.word('instance count') : countText;
      if (!/^\d{1,4}$/.test(count)) throw new ParseFailure(`"${clip(count)}" is not an instance count (0–9999).`, USAGE['scale']);
      reader.end();
      return withReason({ verb: 'action', kind: 'scale', target: { service }, args: { instances: Number(count) } }, reason);
    }
    case 'restart':
    case 'rollback': {
      const service = reader.name('service');
      reader.end();
      return withReason({ verb: 'action', kind: verb, target: { service }, args: {} }, reason);
    }
    case 'upgrade':
      return withReason(parseUpgrade(reader), reason);
    case 'config':
      return withReason(parseConfigSet(reader), reason);
    case 'kill': {
      const task = reader.name('task id');
      reader.end();
      return withReason({ verb: 'action', kind: 'kill-task', target: { task }, args: {} }, reason);
    }
    case 'alerts':
      reader.end();
      return { verb: 'alerts' };
    case 'oncall':
    case 'on-call':
    case 'who':
      reader.end();
      return { verb: 'oncall' };
    case 'ack':
    case 'resolve': {
      const alertId = reader.name('alert id');
      reader.end();
      return { verb, alertId };
    }
    case 'silence': {
      const alertId = reader.name('alert id');
      const durationText = reader.optionalWord('duration') ?? '1h';
      const match = DURATION.exec(durationText.toLowerCase());
      if (match === null) throw new ParseFailure(`"${clip(durationText)}" is not a duration like 30m, 2h or 1d.`, USAGE['silence']);
      const durationMs = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
      if (durationMs <= 0 || durationMs > MAX_SILENCE_MS) throw new ParseFailure('A silence lasts between 1 second and 7 days.', USAGE['silence']);
      reader.end();
      return withReason({ verb: 'silence', alertId, durationMs }, reason);
    }
    case 'approve':
    case 'deny': {
      const requestId = reader.name('request id');
      reader.end();
      return withReason({ verb, requestId }, reason);
    }
    default:
      throw new ParseFailure(unknownVerbMessage(verb), USAGE['help']);
  }
}

function unknownVerbMessage(verb: string): string {
  const suggestion = suggestVerb(verb);
  const shown = clip(verb);
  return suggestion === undefined ? `I don't know "${shown}".` : `I don't know "${shown}". Did you mean \`${suggestion}\`?`;
}

/** Parses the text after the slash command; never throws. */
export function parseCommandText(raw: string): ParseResult {
  if (raw.length > MAX_COMMAND_TEXT) {
    return { ok: false, message: `That command is ${raw.length} characters long; I read at most ${MAX_COMMAND_TEXT}.`, usage: USAGE['help'] };
  }
  const split = splitReason(tokenize(raw));
  const [head, ...rest] = split.tokens;
  if (head === undefined) return { ok: true, command: { verb: 'help' } };
  if (head.type !== 'word') {
    return { ok: false, message: `Commands start with a verb, not ${describeToken(head)}.`, usage: USAGE['help'] };
  }
  const verb = head.text.toLowerCase();
  try {
    return { ok: true, command: parseVerb(verb, new Reader(rest, USAGE[verb]), split.reason) };
  } catch (error) {
    if (error instanceof ParseFailure) {
      return error.usage === undefined ? { ok: false, message: error.message } : { ok: false, message: error.message, usage: error.usage };
    }
    return { ok: false, message: 'I could not read that command.', usage: USAGE['help'] };
  }
}
