/**
 * Usage lines for every verb of the slash command, shared by `help` and by
 * parse errors so a mistyped command always shows how to write it.
 */

/** One usage line (or block) per verb; `{cmd}` is replaced by the configured command name. */
export const USAGE: Record<string, string> = {
  help: [
    '`{cmd} status [service]` — health at a glance, or one service in detail',
    '`{cmd} plan <service> [plan]` — a deployment plan and its steps',
    '`{cmd} scale <service> <count>` · `restart <service>` · `rollback <service>` · `kill <task>`',
    '`{cmd} plan pause|resume|continue <service> [plan]` · `plan restart|force-complete <service> [plan] [step]`',
    '`{cmd} upgrade <service> <image-or-version> [canary|serial|parallel]` · `config set <service> KEY=VALUE … [canary|serial|parallel]`',
    '`{cmd} alerts` · `ack <alert>` · `resolve <alert>` · `silence <alert> [30m|2h|1d]`',
    '`{cmd} oncall` · `approve <request>` · `deny <request>` · `help`',
    'Add `--reason <text>` (or `reason: <text>`) to any action to record why.',
  ].join('\n'),
  status: '`{cmd} status [service]`',
  plan: '`{cmd} plan <service> [plan]` or `{cmd} plan pause|resume|continue|restart|force-complete <service> [plan] [step]`',
  upgrade:
    '`{cmd} upgrade <service> <image-or-version> [canary|serial|parallel] [reason: <text>]` e.g. `{cmd} upgrade payments registry/payments:1.8 canary` or `{cmd} upgrade kafka 2.9.1` (an image has a path, tag or digest; force either with `image=` / `version=`)',
  config: '`{cmd} config set <service> KEY=VALUE … [canary|serial|parallel] [reason: <text>]` e.g. `{cmd} config set payments LOG_LEVEL=debug mem=1024` (env variables, cpus, mem, replicas)',
  scale: '`{cmd} scale <service> <count>` e.g. `{cmd} scale payments 5`',
  restart: '`{cmd} restart <service> [--reason <text>]`',
  rollback: '`{cmd} rollback <service> [--reason <text>]`',
  kill: '`{cmd} kill <task id> [--reason <text>]`',
  alerts: '`{cmd} alerts`',
  ack: '`{cmd} ack <alert id>`',
  resolve: '`{cmd} resolve <alert id>`',
  silence: '`{cmd} silence <alert id> [duration]` e.g. `{cmd} silence a-17 2h`',
  oncall: '`{cmd} oncall`',
  approve: '`{cmd} approve <request id>`',
  deny: '`{cmd} deny <request id> [--reason <text>]`',
};

/** Every verb the command understands (for suggestions). */
export const VERBS: readonly string[] = ['help', 'status', 'plan', 'scale', 'restart', 'rollback', 'upgrade', 'config', 'kill', 'alerts', 'ack', 'resolve', 'silence', 'oncall', 'approve', 'deny'];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The closest known verb to a mistyped one, if it is close enough to be a typo. */
export function suggestVerb(typed: string): string | undefined {
  const word = typed.toLowerCase().slice(0, 40);
  let best: { verb: string; d: number } | undefined;
  for (const verb of VERBS) {
    const d = verb.startsWith(word) && word.length >= 2 ? 0 : distance(word, verb);
    if (best === undefined || d < best.d) best = { verb, d };
  }
  return best !== undefined && best.d <= Math.max(1, Math.floor(best.verb.length / 3)) ? best.verb : undefined;
}

/** Fills the configured command name into a usage text. */
export function formatUsage(text: string, commandName: string): string {
  return text.split('{cmd}').join(commandName);
}
