/**
 * Replies about guarded commands: what a command will do, the engine's answer
 * (needs confirmation, waiting for approval, executed, denied), parse errors
 * and help. Pure, so every message shape is tested on fixtures.
 */
import type { CommandButtonValue } from '../action-value.js';
import { ACTION_IDS, SET_PREFIX } from '../action-value.js';
import { USAGE, formatUsage } from '../command-usage.js';
import type { ActionKind } from '../../core/model/action.js';
import type { CommandResult, CommandTarget } from '../ports.js';
import { escapeMrkdwn, fallbackText, limitBlocks, linesToSections, section, context, type Block } from './block-limits.js';
import { actionsBlocks, button } from './buttons.js';
import { followUpBlocks } from './follow-up-buttons.js';
import type { RenderedMessage } from './page-card.js';

/** A person-readable description of a command, e.g. "scale payments to 5". */
export function describeCommand(kind: ActionKind, target: CommandTarget, args: Record<string, string | number> = {}): string {
  const service = target.service ?? '?';
  const plan = target.plan ?? 'deploy';
  const step = target.step !== undefined ? ` step ${target.step}` : '';
  switch (kind) {
    case 'scale':
      return `scale ${service} to ${String(args['instances'] ?? '?')}`;
    case 'kill-task':
      return `kill task ${target.task ?? '?'}`;
    case 'plan-pause':
      return `pause plan ${plan} of ${service}`;
    case 'plan-resume':
      return `resume plan ${plan} of ${service}`;
    case 'plan-restart-step':
      return `restart${step || ' the current step'} of plan ${plan} of ${service}`;
    case 'plan-force-complete':
      return `force-complete${step || ' the current step'} of plan ${plan} of ${service}`;
    case 'plan-continue':
      return `continue the rollout of ${service}${target.plan === undefined ? '' : ` (plan ${target.plan})`}`;
    case 'upgrade': {
      const to = args['image'] ?? args['version'] ?? '?';
      return `upgrade ${service} to ${String(to)}${args['strategy'] === undefined ? '' : ` (${String(args['strategy'])})`}`;
    }
    case 'config-set': {
      const pairs = Object.entries(args).filter(([k]) => k.startsWith(SET_PREFIX)).map(([k, v]) => `${k.slice(SET_PREFIX.length)}=${String(v)}`);
      return `set ${pairs.join(' ') || '?'} on ${service}${args['strategy'] === undefined ? '' : ` (${String(args['strategy'])})`}`;
    }
    default:
      return `${kind} ${target.service ?? target.task ?? '?'}`;
  }
}

const OUTCOME_ICON = { succeeded: ':white_check_mark:', failed: ':x:', 'timed-out': ':hourglass:' } as const;

/** One line summarising an engine answer, used on cards and in threads. */
export function resultLine(description: string, result: CommandResult, who: string): string {
  switch (result.status) {
    case 'executed':
      return `${OUTCOME_ICON[result.outcome]} ${who} ran *${escapeMrkdwn(description)}* — ${result.outcome}: ${escapeMrkdwn(result.message)}`;
    case 'denied':
      return `:no_entry: ${who} was refused *${escapeMrkdwn(description)}*: ${escapeMrkdwn(result.message)}`;
    case 'pending-approval':
      return `:hourglass_flowing_sand: ${who} asked for *${escapeMrkdwn(description)}*, waiting for approval (request \`${escapeMrkdwn(result.requestId)}\`)`;
    case 'needs-confirmation':
      return `:raised_hand: *${escapeMrkdwn(description)}* needs ${result.level === 'typed-name' ? 'the name typed to confirm' : 'confirmation'}`;
  }
}

/** The engine's answer as a reply to the person who asked; a follow-up the engine suggests comes as a button. */
export function renderCommandResult(description: string, result: CommandResult, who: string, options: { from?: CommandButtonValue } = {}): RenderedMessage {
  const line = resultLine(description, result, who);
  const blocks: Block[] = [section(line)];
  if (result.status === 'pending-approval' && result.approvers.length > 0) {
    blocks.push(context(`Approvers: ${result.approvers.map(escapeMrkdwn).join(', ')}. You cannot approve your own request.`));
  }
  if (result.status === 'executed' && result.followUp !== undefined && options.from !== undefined) {
    blocks.push(...followUpBlocks(result.followUp, options.from));
  }
  return { text: fallbackText(line.replace(/[*`]/g, '')), blocks };
}

/** Asks the person to confirm a command the engine guarded, with the engine's preview. */
export function renderConfirmationPrompt(value: CommandButtonValue, result: Extract<CommandResult, { status: 'needs-confirmation' }>): RenderedMessage {
  const description = describeCommand(value.k, value.tg, value.ar);
  const typed = result.level === 'typed-name';
  const prompt = button({
    actionId: ACTION_IDS.confirmCommand,
    text: typed ? `Confirm ${description}…` : `Confirm: ${description}`,
    style: 'danger',
    value: { ...value, g: result.level },
    ...(typed ? {} : { confirm: { title: 'Run it?', text: `Run *${escapeMrkdwn(description)}* now?`, confirm: 'Run it' } }),
  });
  const blocks: Block[] = [
    section(`:raised_hand: *${escapeMrkdwn(description)}* — please review:`),
    ...linesToSections(result.preview.map((l) => `• ${escapeMrkdwn(l)}`), 10),
    ...actionsBlocks([prompt], 'opsdeck.confirm'),
  ];
  if (typed) blocks.push(context('You will be asked to type the name to confirm.'));
  return { text: fallbackText(`Confirm ${description}`), blocks: limitBlocks(blocks) };
}

/** A parse error: what was wrong and how to write the command. */
export function renderParseError(message: string, usage: string | undefined, commandName: string): RenderedMessage {
  const blocks: Block[] = [section(`:thinking_face: ${escapeMrkdwn(message)}`)];
  if (usage !== undefined) blocks.push(section(formatUsage(usage, commandName)));
  return { text: fallbackText(message), blocks };
}

/** `help` or `help <verb>`. */
export function renderHelp(commandName: string, topic?: string): RenderedMessage {
  const text = formatUsage((topic !== undefined ? USAGE[topic] : undefined) ?? USAGE['help'] ?? '', commandName);
  return { text: fallbackText(`How to use ${commandName}`), blocks: [section(`*${commandName}* — operate services from Slack`), section(text)] };
}

/** A short error reply for failures talking to opsdeck itself (never a stack trace). */
export function renderFailure(what: string, message: string, hint?: string): RenderedMessage {
  const blocks: Block[] = [section(`:warning: Could not ${escapeMrkdwn(what)}: ${escapeMrkdwn(message)}`)];
  if (hint !== undefined) blocks.push(context(escapeMrkdwn(hint)));
  return { text: fallbackText(`Could not ${what}: ${message}`), blocks };
}
