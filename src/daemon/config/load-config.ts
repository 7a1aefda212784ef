/**
 * Loads opsdeck.yaml: parses YAML, validates the root and every backend
 * section against its kind's schema, checks that every environment variable
 * named for a secret is set, and reports ALL problems at once, one line each.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { opsError } from '../../core/errors.js';
import { formatConfigProblems, type ConfigProblem } from './format-config-errors.js';
import { rootConfigSchema, type RootConfig } from './config-schema.js';

/** A backend kind the config may name, with the schema of its section. */
export interface BackendKindSchema {
  kind: string;
  schema: z.ZodType;
}

/** The validated config: root sections plus each backend section parsed by its kind. */
export interface LoadedConfig extends Omit<RootConfig, 'backends'> {
  backends: { kind: string; id: string; config: unknown }[];
  /** Where it came from (for messages). */
  source: string;
}

/** Options for loading a config. */
export interface LoadConfigOptions {
  kinds: readonly BackendKindSchema[];
  env: Readonly<Record<string, string | undefined>>;
}

/** Reads and validates a config file; throws CONFIG_NOT_FOUND or CONFIG_INVALID (with every problem). */
export function loadConfigFile(path: string, options: LoadConfigOptions): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw opsError('CONFIG_NOT_FOUND', `Cannot read the config file ${path}.`, {
      cause: error,
      hint: 'Pass --config with the path of your opsdeck.yaml, or run `opsdeck demo` to try opsdeck without one.',
    });
  }
  return parseConfig(text, { ...options, file: path });
}

/** Validates config text (YAML or JSON); the file name is used in messages only. */
export function parseConfig(text: string, options: LoadConfigOptions & { file: string }): LoadedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const source = { file: options.file, document, lineCounter };
  if (document.errors.length > 0) {
    const lines = document.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `${options.file}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax: ${e.message.split('\n')[0]}`;
    });
    throw invalid(lines);
  }
  const raw: unknown = document.toJS() ?? {};
  const problems: ConfigProblem[] = [];
  const root = rootConfigSchema.safeParse(raw);
  if (!root.success) problems.push(...issuesToProblems(root.error.issues, []));

  const backends: LoadedConfig['backends'] = [];
  const rawBackends = Array.isArray((raw as { backends?: unknown }).backends) ? ((raw as { backends: unknown[] }).backends) : [];
  const seenIds = new Map<string, number>();
  rawBackends.forEach((section, index) => {
    const kind = (section as { kind?: unknown } | null)?.kind;
    const known = options.kinds.find((k) => k.kind === kind);
    if (known === undefined) {
      if (typeof kind === 'string' || kind === undefined) {
        problems.push({
          path: ['backends', index, 'kind'],
          message: `expected one of ${options.kinds.map((k) => `"${k.kind}"`).join(', ')}, got ${kind === undefined ? 'nothing' : `"${kind}"`}`,
        });
      }
      return;
    }
    const parsed = known.schema.safeParse(section);
    if (!parsed.success) {
      problems.push(...issuesToProblems(parsed.error.issues, ['backends', index]));
      return;
    }
    const id = (parsed.data as { id: string }).id;
    const clash = seenIds.get(id);
    if (clash !== undefined) problems.push({ path: ['backends', index, 'id'], message: `"${id}" is already used by backends[${clash}]; ids must be unique` });
    seenIds.set(id, index);
    backends.push({ kind: known.kind, id, config: parsed.data });
  });

  problems.push(...missingEnvVars(raw, [], options.env));
  if (problems.length > 0) throw invalid(formatConfigProblems(problems, source));
  const data = root.data as RootConfig;
  return { ...data, backends, source: options.file };
}

function invalid(lines: string[]): Error {
  return opsError('CONFIG_INVALID', `The config has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.map((l) => `  ${l}`).join('\n')}`, {
    hint: 'Fix each line above; every problem is reported at once.',
    details: { problems: lines },
  });
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[]): ConfigProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key (check its spelling and indentation)' }));
    return [{ path, message: describeIssue(issue) }];
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `required: expected ${issue.expected}`;
  return issue.message.replace(/^Invalid input: /, '').replace(/^Too (small|big): /, '');
}

/** Every key ending in `Env` names an environment variable holding a secret; it must be set. */
function missingEnvVars(value: unknown, path: (string | number)[], env: Readonly<Record<string, string | undefined>>): ConfigProblem[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => missingEnvVars(item, [...path, i], env));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (key.endsWith('Env') && typeof child === 'string' && /^[A-Z_][A-Z0-9_]*$/.test(child)) {
      const set = env[child];
      return set === undefined || set === '' ? [{ path: [...path, key], message: `environment variable ${child} is not set (it should hold the secret)` }] : [];
    }
    return missingEnvVars(child, [...path, key], env);
  });
}
