/**
 * Decides whether a plan step's message is worth a column in the plan tree.
 * DC/OS SDK schedulers fill `message` with a restatement of the step
 * ("…DeploymentStep: journal-0:[node] [uuid] with status: STARTED"), which
 * floods the tree; messages that say something else (errors, reasons) stay.
 * The message is never parsed for meaning: we only test whether anything is
 * left once the step's own name, ids, status words and filler are removed.
 */
import { PLAN_STATUSES, type Step } from '../../core/model/plan.js';

/** The SDK's step prefix: a (qualified) class name ending in "Step:". */
const SDK_PREFIX = /^\s*[\w.$]*Step:\s*/;
const UUID = /\[?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\]?/gi;
const ANY_STATUS = new RegExp(`\\b(?:${PLAN_STATUSES.join('|')})\\b`, 'g');
const FILLER = /\b(?:with|has|had|is|now|status|step)\b/gi;
const PUNCTUATION = /[\s'"`:;.,\-[\]()]+/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The step's message when it adds information, otherwise ''. A message is
 * redundant when, after removing the SDK class prefix, the step's name, UUIDs,
 * the step's status word (any status word after an SDK prefix, since those
 * restatements go stale) and filler words, nothing but punctuation remains.
 */
export function informativeStepMessage(step: Pick<Step, 'name' | 'status' | 'message'>): string {
  const message = step.message.trim();
  if (message === '') return '';
  const sdkShaped = SDK_PREFIX.test(message);
  let rest = message.replace(SDK_PREFIX, ' ');
  if (step.name !== '') rest = rest.split(step.name).join(' ');
  rest = rest.replace(UUID, ' ');
  rest = sdkShaped ? rest.replace(ANY_STATUS, ' ') : rest.replace(new RegExp(`\\b${escapeRegExp(step.status)}\\b`, 'gi'), ' ');
  // A bare status word alone restates the status; with no name and no prefix anything else is information.
  const restated = sdkShaped || message.includes(step.name) || message.toUpperCase() === step.status;
  if (!restated) return message;
  rest = rest.replace(FILLER, ' ').replace(PUNCTUATION, '');
  return rest === '' ? '' : message;
}
