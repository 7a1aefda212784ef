/**
 * Renders the action dialog's current step as tagged lines: the engine's
 * preview, the confirmation it requires, progress, and the verified outcome.
 */
import type { ActionDialog } from '../action-dialog.js';
import { PROTECTED_MARK } from '../health-style.js';
import type { ActionOutcome, ActionPreview } from '../ports.js';
import { escapeTags } from './tags.js';

const OUTCOME: Record<ActionOutcome['status'], { glyph: string; tag: string; word: string }> = {
  succeeded: { glyph: '✔', tag: 'green-fg', word: 'SUCCEEDED' },
  failed: { glyph: '✖', tag: 'red-fg', word: 'FAILED' },
  'timed-out': { glyph: '◔', tag: 'yellow-fg', word: 'TIMED OUT' },
  denied: { glyph: '⊘', tag: 'red-fg', word: 'DENIED' },
  'pending-approval': { glyph: '…', tag: 'yellow-fg', word: 'WAITING FOR APPROVAL' },
};

/** Wraps at word boundaries; a line that fits keeps its spacing (diff and plan lines stay aligned). */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return text === '' ? [] : [text];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line.length > 0 && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) out.push(line);
  return out;
}

function previewLines(preview: ActionPreview, width: number): string[] {
  const lines: string[] = [];
  if (preview.protected === true) lines.push(`{magenta-fg}{bold}${PROTECTED_MARK} PROTECTED TARGET{/bold}{/magenta-fg}`);
  for (const s of preview.summary) for (const l of wrap(s, width)) lines.push(escapeTags(l));
  return lines;
}

/** The dialog body for its current step. */
export function dialogLines(dialog: ActionDialog, width: number): string[] {
  const s = dialog.current;
  switch (s.step) {
    case 'input': {
      const lines = [escapeTags(dialog.spec.input?.label ?? ''), `> ${escapeTags(s.text)}█`];
      if (s.error !== undefined) lines.push(`{red-fg}${escapeTags(s.error)}{/red-fg}`);
      return [...lines, '', '{gray-fg}Enter: preview · Esc: cancel{/gray-fg}'];
    }
    case 'previewing':
      return ['Asking for a preview…', '', '{gray-fg}Esc: cancel{/gray-fg}'];
    case 'confirm': {
      const lines = [...previewLines(s.preview, width), ''];
      if (s.preview.confirmation === 'typed-name') {
        const expected = dialog.expectedName(s.preview);
        lines.push(`{yellow-fg}{bold}Type ${escapeTags(expected)} to confirm:{/bold}{/yellow-fg}`, `> ${escapeTags(s.typed)}█`);
        if (s.mismatch === true) lines.push('{red-fg}That does not match; nothing was run.{/red-fg}');
        lines.push('{gray-fg}Enter: run · Esc: cancel{/gray-fg}');
      } else if (s.preview.confirmation === 'approval') {
        lines.push('{yellow-fg}{bold}This action needs approval from someone else.{/bold}{/yellow-fg}', '{gray-fg}y: request approval · n / Esc: cancel{/gray-fg}');
      } else lines.push('{bold}Run it? {/bold}{gray-fg}y: yes · n / Esc: cancel{/gray-fg}');
      return lines;
    }
    case 'executing':
      return [...previewLines(s.preview, width), '', '{cyan-fg}Running… waiting for the backend to converge.{/cyan-fg}', '{gray-fg}Esc: hide (the action keeps running){/gray-fg}'];
    case 'outcome': {
      const o = OUTCOME[s.outcome.status];
      const lines = s.preview === undefined ? [] : [...previewLines(s.preview, width), ''];
      lines.push(`{${o.tag}}{bold}${o.glyph} ${o.word}{/bold}{/${o.tag}}`);
      for (const l of wrap(s.outcome.message, width)) lines.push(escapeTags(l));
      if (s.outcome.approvalId !== undefined) lines.push(escapeTags(`Approval request ${s.outcome.approvalId} (see :approvals).`));
      const offer = dialog.followUp();
      if (offer !== undefined) lines.push('', `{yellow-fg}{bold}${escapeTags(offer.label)}{/bold}{/yellow-fg}`);
      return [...lines, '', '{gray-fg}Enter / Esc: close{/gray-fg}'];
    }
    case 'error': {
      const lines = ['{red-fg}{bold}✖ NOT RUN{/bold}{/red-fg}', ...wrap(s.message, width).map(escapeTags)];
      if (s.hint !== undefined) lines.push(...wrap(s.hint, width).map((l) => `{gray-fg}${escapeTags(l)}{/gray-fg}`));
      return [...lines, '', '{gray-fg}Enter / Esc: close{/gray-fg}'];
    }
  }
}
