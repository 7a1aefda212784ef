/**
 * The CLI face of the guarded command engine: `opsdeck scale|restart|rollback|
 * kill-task|upgrade|config set|plan …|approve|deny|audit`. It builds Command values and renders
 * results; every decision (authorization, guards, confirmation) is the engine's.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command as CommanderCommand } from 'commander';
import type { AccessGate } from '../core/access/access-gate.js';
import type { AuditCheckpoint } from '../core/audit/verify-chain.js';
import { parseAssignments, type CommandEngine, type SubmitResult } from '../core/commands/index.js';
import { opsError, toOpsdeckError, type OpsdeckError } from '../core/errors.js';
import type { Actor } from '../core/model/actor.js';
import type { StateStore } from '../core/state/store.js';
import { errorText, exitCodeFor } from './present-error.js';
import { renderPreview } from '../core/commands/preview-lines.js';

/** What the CLI needs from the composition root for one invocation. */
export interface LifecycleContext {
  engine: CommandEngine;
  store: StateStore;
  actor: Actor;
  close(): Promise<void>;
}

/** Terminal I/O, injectable for tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
  /** Asks a question on the terminal and returns the answer. */
  prompt(question: string): Promise<string>;
  setExitCode(code: number): void;
}

/** The process's terminal. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  isTty: process.stdin.isTTY === true && process.stderr.isTTY === true,
  async prompt(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

interface ActOptions {
  dryRun?: boolean;
  yes?: boolean;
  confirmName?: string;
  reason?: string;
  force?: boolean;
  idempotencyKey?: string;
  json?: boolean;
}

/** The CLI's actor: the OS user as mapped in access.actors[].external.os; UNAUTHENTICATED when unmapped. */
export function resolveCliActor(access: AccessGate, osUser: string): Actor {
  const actor = access.identify('os', osUser);
  if (actor === undefined) {
    throw opsError('UNAUTHENTICATED', `OS user "${osUser.slice(0, 64)}" is not a known opsdeck actor.`, {
      hint: 'Add it under access.actors[].external.os in opsdeck.yaml.',
    });
  }
  return actor;
}

function errorLine(error: { message: string; hint?: string | undefined }): string {
  return errorText(error);
}


function renderResult(io: CliIo, result: SubmitResult, json: boolean): void {
  if (json) io.out(JSON.stringify(result));
  switch (result.status) {
    case 'executed': {
      const o = result.outcome;
      if (!json) {
        io.out(`${o.status}: ${o.message}${result.replayed ? ' (already done earlier with this idempotency key)' : ''}`);
        if (o.suggestion) io.out(`next: ${o.suggestion}`);
      }
      io.setExitCode(o.status === 'succeeded' ? 0 : 1);
      return;
    }
    case 'pending-approval':
      if (!json) {
        io.out(`approval needed: ${result.required} approval(s) from role ${result.role}; request ${result.requestId}, expires ${new Date(result.expiresAt).toISOString()}`);
        io.out(`ask a colleague to run: opsdeck approve ${result.requestId}`);
      }
      io.setExitCode(0);
      return;
    case 'denied':
    case 'failed':
      if (!json) io.err(errorLine(result.error));
      io.setExitCode(exitCodeFor(result.error.code));
      return;
    case 'needs-confirmation':
      if (!json) io.err(errorLine({ message: result.message, hint: result.level === 'confirm' ? 'Pass --yes to confirm.' : `Pass --confirm-name ${result.preview.confirmText}.` }));
      io.setExitCode(1);
  }
}

function fail(io: CliIo, error: unknown): void {
  const err: OpsdeckError = toOpsdeckError(error);
  io.err(errorLine(err.code === 'INTERNAL' ? { message: 'Something went wrong inside opsdeck.', hint: err.hint } : err));
  io.setExitCode(exitCodeFor(err.code));
}

async function withContext(open: () => Promise<LifecycleContext>, io: CliIo, fn: (ctx: LifecycleContext) => Promise<void>): Promise<void> {
  let ctx: LifecycleContext;
  try {
    ctx = await open();
  } catch (error) {
    const err = toOpsdeckError(error);
    fail(io, err.code === 'INTERNAL' ? opsError('BACKEND_UNREACHABLE', 'Cannot reach the opsdeck daemon or backends.', { hint: 'Check that opsdeck is running and the config is right.', cause: error }) : err);
    return;
  }
  try {
    await fn(ctx);
  } catch (error) {
    fail(io, error);
  } finally {
    await ctx.close();
  }
}

async function act(
  open: () => Promise<LifecycleContext>,
  io: CliIo,
  build: (actor: Actor, key: string) => Record<string, unknown>,
  options: ActOptions,
): Promise<void> {
  await withContext(open, io, async ({ engine, actor }) => {
    const command = {
      ...build(actor, options.idempotencyKey ?? `cli-${randomUUID()}`),
      actor,
      source: 'cli',
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.force ? { force: true } : {}),
    };
    if (options.dryRun) {
      const preview = await engine.previewChange(command);
      if (options.json) io.out(JSON.stringify(preview));
      else for (const line of renderPreview(preview)) io.out(line);
      return;
    }
    const confirmation = { ...(options.yes ? { confirmed: true } : {}), ...(options.confirmName === undefined ? {} : { typed: options.confirmName }) };
    let result = await engine.submit(command, { confirmation });
    if (result.status === 'needs-confirmation' && io.isTty && !result.mismatch && !options.json) {
      for (const line of renderPreview(result.preview)) io.err(line);
      if (result.level === 'confirm') {
        const answer = (await io.prompt('Proceed? [y/N] ')).trim().toLowerCase();
        if (answer === 'y' || answer === 'yes') result = await engine.submit(command, { confirmation: { confirmed: true } });
        else throw opsError('CONFIRMATION_REQUIRED', 'Cancelled; nothing was changed.');
      } else {
        const typed = (await io.prompt(`Type the service name (${result.preview.confirmText}) to confirm: `)).trim();
        result = await engine.submit(command, { confirmation: { typed } });
      }
    }
    renderResult(io, result, options.json === true);
  });
}

function withActOptions(cmd: CommanderCommand): CommanderCommand {
  return cmd
    .option('--dry-run', 'show what would change, change nothing')
    .option('--yes', 'confirm where policy allows a plain confirmation')
    .option('--confirm-name <name>', 'type-the-name confirmation without a prompt')
    .option('--reason <text>', 'why (kept in the audit log)')
    .option('--force', 'pass plan-in-progress and freeze-window guards (raises confirmation)')
    .option('--idempotency-key <key>', 'repeat-safe key (default: random)')
    .option('--json', 'machine-readable output');
}

function parseCount(value: string): number {
  if (!/^[+-]?\d{1,9}$/.test(value.trim())) {
    throw opsError('INPUT_INVALID', `Invalid instance count ${JSON.stringify(value.slice(0, 40))}.`, { hint: 'Give a whole number, e.g. opsdeck scale web 3.' });
  }
  return Number(value);
}

/** Adds the lifecycle, approval and audit commands to the program. */
export function registerLifecycleCommands(program: CommanderCommand, open: () => Promise<LifecycleContext>, io: CliIo = processIo): void {
  withActOptions(program.command('scale <service> <count>').description('change the number of instances'))
    // So that `scale web -1` reaches validation and gets a clear error instead of "unknown option".
    .allowUnknownOption()
    .action(async (service: string, count: string, options: ActOptions) => {
    let replicas: number;
    try {
      replicas = parseCount(count);
    } catch (error) {
      fail(io, error);
      return;
    }
    await act(open, io, (_actor, key) => ({ kind: 'scale', target: service, args: { replicas }, idempotencyKey: key }), options);
  });
  for (const [name, description] of [
    ['restart', 'rolling restart of every instance'],
    ['rollback', 'go back to the previous version'],
  ] as const) {
    withActOptions(program.command(`${name} <service>`).description(description)).action(async (service: string, options: ActOptions) =>
      act(open, io, (_a, key) => ({ kind: name, target: service, idempotencyKey: key }), options),
    );
  }
  withActOptions(program.command('kill-task <task>').description('kill one task; the orchestrator replaces it')).action(async (task: string, options: ActOptions) =>
    act(open, io, (_a, key) => ({ kind: 'kill-task', target: task, idempotencyKey: key }), options),
  );

  registerSpecCommands(program, open, io);

  const plan = program.commands.find((c) => c.name() === 'plan') ?? program.command('plan').description('deployment plans');
  for (const [sub, kind] of [
    ['pause', 'plan-pause'],
    ['resume', 'plan-resume'],
    ['restart', 'plan-restart-step'],
    ['force-complete', 'plan-force-complete'],
    ['continue', 'plan-continue'],
  ] as const) {
    withActOptions(plan.command(`${sub} <service>`).description(sub === 'continue' ? 'let a waiting canary roll out to the rest' : `${sub} a plan, phase or step`))
      .option('--plan <name>', 'plan name (default: the active plan)')
      .option('--phase <name>', 'phase name or id')
      .option('--step <name>', 'step name or id (needs --phase)')
      .action(async (service: string, options: ActOptions & { plan?: string; phase?: string; step?: string }) => {
        const args = {
          ...(options.plan === undefined ? {} : { plan: options.plan }),
          ...(options.phase === undefined ? {} : { phase: options.phase }),
          ...(options.step === undefined ? {} : { step: options.step }),
        };
        await act(open, io, (_a, key) => ({ kind, target: service, args, idempotencyKey: key }), options);
      });
  }

  program
    .command('approve <request>')
    .description('approve a pending command (never your own)')
    .option('--json', 'machine-readable output')
    .action(async (request: string, options: { json?: boolean }) =>
      withContext(open, io, async ({ engine, actor }) => renderResult(io, await engine.approve(request, actor), options.json === true)),
    );
  program
    .command('deny <request>')
    .description('refuse (or withdraw your own) pending command')
    .option('--reason <text>', 'why')
    .action(async (request: string, options: { reason?: string }) =>
      withContext(open, io, async ({ engine, actor }) => {
        const closed = engine.deny(request, actor, options.reason === undefined ? {} : { reason: options.reason });
        io.out(`${closed.id} ${closed.state}`);
      }),
    );
  program
    .command('audit')
    .description('show or verify the audit log')
    .option('--verify', 'verify the hash chain and checkpoints')
    .option('--against <file>', 'also verify against an exported checkpoint (JSON)')
    .option('--checkpoint', 'record and print a checkpoint to keep elsewhere')
    .option('--limit <n>', 'entries to show', '50')
    .option('--json', 'machine-readable output')
    .action(async (options: { verify?: boolean; against?: string; checkpoint?: boolean; limit: string; json?: boolean }) =>
      withContext(open, io, async ({ engine }) => {
        const audit = engine.audit;
        if (options.checkpoint) {
          io.out(JSON.stringify(audit.checkpoint()));
          return;
        }
        if (options.verify) {
          const external = options.against === undefined ? [] : readCheckpoints(options.against);
          const verdict = audit.verify({ external });
          if (options.json) io.out(JSON.stringify(verdict));
          else if (verdict.ok) io.out(`audit log ok: ${verdict.entries} entries, head ${verdict.headSeq} ${verdict.headHash.slice(0, 16)}…`);
          else io.err(errorLine({ message: `audit log broken at sequence ${verdict.firstBadSeq}: ${verdict.message}`, hint: 'Keep the database file for investigation; do not edit it.' }));
          io.setExitCode(verdict.ok ? 0 : 1);
          return;
        }
        const limit = parseCount(options.limit);
        const entries = audit.entries({ newestFirst: true, limit: Math.min(Math.max(limit, 1), 10_000) }).reverse();
        for (const e of entries) {
          if (options.json) io.out(JSON.stringify(e));
          else io.out(`${e.seq} ${new Date(e.at).toISOString()} ${e.actor.id} ${e.event} ${e.target ?? ''}${e.code ? ` ${e.code}` : ''}${e.message ? ` — ${e.message}` : ''}`);
        }
      }),
    );
}

const STRATEGIES = ['serial', 'parallel', 'canary'];

function strategyArg(value: string | undefined): { strategy?: string } {
  if (value === undefined) return {};
  if (!STRATEGIES.includes(value)) throw opsError('INPUT_INVALID', `Unknown strategy ${JSON.stringify(value.slice(0, 40))}.`, { hint: 'Use --strategy serial, parallel or canary.' });
  return { strategy: value };
}

/** `upgrade <service> --image|--version` and `config set <service> KEY=VALUE…`; --dry-run shows the spec diff and the plan. */
function registerSpecCommands(program: CommanderCommand, open: () => Promise<LifecycleContext>, io: CliIo): void {
  withActOptions(program.command('upgrade <service>').description('roll a service out to a new image or package version'))
    .option('--image <ref>', 'new container image (Marathon, Swarm)')
    .option('--version <version>', 'new package version (DC/OS SDK services)')
    .option('--strategy <strategy>', 'serial (default), parallel or canary (stops after the first step until `plan continue`)')
    .action(async (service: string, options: ActOptions & { image?: string; version?: string; strategy?: string }) => {
      let args: Record<string, unknown>;
      try {
        args = { ...(options.image === undefined ? {} : { image: options.image }), ...(options.version === undefined ? {} : { version: options.version }), ...strategyArg(options.strategy) };
      } catch (error) {
        fail(io, error);
        return;
      }
      await act(open, io, (_a, key) => ({ kind: 'upgrade', target: service, args, idempotencyKey: key }), options);
    });
  const config = program.commands.find((c) => c.name() === 'config') ?? program.command('config').description('service configuration');
  withActOptions(config.command('set <service> <assignments...>').description('set env variables (KEY=VALUE) or cpus / mem / replicas, rolled out as a plan'))
    .option('--strategy <strategy>', 'serial (default), parallel or canary')
    .action(async (service: string, assignments: string[], options: ActOptions & { strategy?: string }) => {
      let args: Record<string, unknown>;
      try {
        args = { set: parseAssignments(assignments), ...strategyArg(options.strategy) };
      } catch (error) {
        fail(io, error);
        return;
      }
      await act(open, io, (_a, key) => ({ kind: 'config-set', target: service, args, idempotencyKey: key }), options);
    });
}

function readCheckpoints(file: string): AuditCheckpoint[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw opsError('INPUT_INVALID', `Cannot read checkpoint file ${file}.`, { hint: 'Pass a file written by `opsdeck audit --checkpoint`.', cause: error });
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((c) => {
    const cp = c as Partial<AuditCheckpoint>;
    if (typeof cp.seq !== 'number' || typeof cp.hash !== 'string' || !/^[a-f0-9]{64}$/.test(cp.hash)) {
      throw opsError('INPUT_INVALID', `Checkpoint file ${file} is malformed.`, { hint: 'Each checkpoint needs seq (number) and hash (64 hex).' });
    }
    return { seq: cp.seq, hash: cp.hash, at: typeof cp.at === 'number' ? cp.at : 0 };
  });
}
