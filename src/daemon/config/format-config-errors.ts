/**
 * Turns schema issues into one clear line each: file:line:col, the dotted path,
 * and what was expected, so a person fixes every config error in one pass.
 */
import { LineCounter, isNode, type Document } from 'yaml';

/** One problem found in a config file. */
export interface ConfigProblem {
  path: (string | number)[];
  message: string;
}

/** Renders a path like `backends[1].kind` (or `(top level)`). */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Formats each problem as `file:line:col: path: message`, locating the path in the YAML document when possible. */
export function formatConfigProblems(
  problems: readonly ConfigProblem[],
  source: { file: string; document?: Document; lineCounter?: LineCounter },
): string[] {
  return problems.map((problem) => {
    const where = locate(problem.path, source);
    return `${where}: ${formatPath(problem.path)}: ${problem.message}`;
  });
}

function locate(path: readonly (string | number)[], source: { file: string; document?: Document; lineCounter?: LineCounter }): string {
  const { document, lineCounter } = source;
  if (document === undefined || lineCounter === undefined) return source.file;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const pos = lineCounter.linePos(node.range[0]);
      return `${source.file}:${pos.line}:${pos.col}`;
    }
  }
  return source.file;
}
