/**
 * Label and field selectors as the apiserver evaluates them on list and
 * watch (equality-based forms: `a=b`, `a==b`, `a!=b`, `a`, `!a`).
 */
import type { KubeObject } from './resource-store.js';

type Predicate = (object: KubeObject) => boolean;

function parse(selector: string | null, lookup: (object: KubeObject, key: string) => string | undefined): Predicate {
  if (selector === null || selector.trim() === '') return () => true;
  const terms = selector.split(',').map((t) => t.trim()).filter((t) => t.length > 0).map((term): Predicate => {
    const notEqual = term.indexOf('!=');
    if (notEqual > 0) {
      const k = term.slice(0, notEqual);
      const v = term.slice(notEqual + 2);
      return (o) => lookup(o, k) !== v;
    }
    const equal = term.indexOf('=');
    if (equal > 0) {
      const k = term.slice(0, equal);
      const v = term.slice(term[equal + 1] === '=' ? equal + 2 : equal + 1);
      return (o) => lookup(o, k) === v;
    }
    if (term.startsWith('!')) return (o) => lookup(o, term.slice(1)) === undefined;
    return (o) => lookup(o, term) !== undefined;
  });
  return (o) => terms.every((t) => t(o));
}

/** A predicate for a `labelSelector` query parameter. */
export function labelSelector(selector: string | null): Predicate {
  return parse(selector, (o, k) => o.metadata.labels?.[k]);
}

/** A predicate for a `fieldSelector` query parameter (dotted paths such as `metadata.name`, `type`). */
export function fieldSelector(selector: string | null): Predicate {
  return parse(selector, (o, k) => {
    let value: unknown = o;
    for (const part of k.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined ? undefined : String(value);
  });
}
