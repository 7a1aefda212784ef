/**
 * Turns the raw text Slack sends with a slash command into plain tokens:
 * HTML entities decoded, Slack markup (<@U1|name>, <#C1|chan>, <url|label>)
 * recognised, quotes honoured. Pure, so every odd input is testable.
 */

/** One token of command text; mentions and channel links keep what they were. */
export type Token =
  | { type: 'word'; text: string }
  | { type: 'user'; id: string; label?: string }
  | { type: 'channel'; id: string; label?: string }
  | { type: 'link'; url: string; label?: string };

/** Longest command text we try to understand; longer input is refused politely. */
export const MAX_COMMAND_TEXT = 1000;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Decodes the three entities Slack escapes (plus quotes some clients send). */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}

function markupToken(inner: string): Token {
  const bar = inner.indexOf('|');
  const body = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  const withLabel = <T extends object>(t: T): T => (label === undefined ? t : { ...t, label });
  if (body.startsWith('@')) return withLabel({ type: 'user' as const, id: body.slice(1) });
  if (body.startsWith('#')) return withLabel({ type: 'channel' as const, id: body.slice(1) });
  // Special mentions (<!here>, <!subteam^S1|@oncall>) read as "@here": never a valid name.
  if (body.startsWith('!')) return { type: 'word', text: `@${(label ?? body.slice(1)).replace(/^@/, '')}` };
  return withLabel({ type: 'link' as const, url: decodeEntities(body) });
}

/**
 * Splits command text into tokens. Slack markup becomes typed tokens (a link
 * whose label is its own text — Slack auto-links names like "web.example" — becomes a word).
 */
export function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  const text = raw.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '<') {
      const end = text.indexOf('>', i);
      if (end > i) {
        const token = markupToken(text.slice(i + 1, end));
        tokens.push(token.type === 'link' && token.label !== undefined && !/^\w+:\/\//.test(token.label) ? { type: 'word', text: token.label } : token);
        i = end + 1;
        continue;
      }
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end > i) {
        tokens.push({ type: 'word', text: decodeEntities(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    // Always consume at least one character, so an unmatched "<" or quote cannot stall the loop.
    let j = i + 1;
    while (j < text.length && !/\s/.test(text[j] as string) && text[j] !== '<') j++;
    tokens.push({ type: 'word', text: decodeEntities(text.slice(i, j)) });
    i = j;
  }
  return tokens;
}

/** Shows a token back to the person the way they typed it (for error messages). */
export function describeToken(token: Token): string {
  switch (token.type) {
    case 'word':
      return token.text;
    case 'user':
      return `@${token.label ?? token.id}`;
    case 'channel':
      return `#${token.label ?? token.id}`;
    case 'link':
      return token.label ?? token.url;
  }
}
