/**
 * The process the crash tests kill with SIGKILL: a real alerting stack on a
 * SQLite file, a FakeClock driven by commands on stdin, and a notifier that
 * appends each delivery to a file. CRASH_AT=intent:<suffix> or
 * deliver:<suffix> makes it kill itself (kill -9) at that point.
 *
 * Usage: node --import tsx pager-child.ts <db> <deliveries.jsonl> <startMs>
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { alertsConfigSchema } from '../../../../src/core/alerts/config.js';
import { createAlerting } from '../../../../src/core/alerts/create-alerting.js';
import { FakeClock } from '../../../../src/core/fake-clock.js';
import { jsonLogger } from '../../../../src/core/logger.js';
import type { DeliveryResult, Notifier, PageMessage } from '../../../../src/core/notify/notifier.js';
import { oncallConfigSchema } from '../../../../src/core/oncall/config.js';
import { StateStore } from '../../../../src/core/state/store.js';

const [dbPath, deliveriesPath, startArg] = process.argv.slice(2);
if (dbPath === undefined || deliveriesPath === undefined || startArg === undefined) throw new Error('usage: pager-child <db> <file> <startMs>');
const crashAt = process.env.CRASH_AT ?? '';

function crashIf(point: string, key: string): void {
  const [where, suffix] = crashAt.split('@');
  if (where === point && suffix !== undefined && key.endsWith(suffix)) process.kill(process.pid, 'SIGKILL');
}

/** Writes deliveries to a file; a key already in the file is acknowledged without showing it again. */
class FileNotifier implements Notifier {
  private readonly delivered = new Set<string>();
  constructor(private readonly clock: FakeClock) {
    if (existsSync(deliveriesPath as string)) {
      for (const line of readFileSync(deliveriesPath as string, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const row = JSON.parse(line) as { key: string; event: string };
        if (row.event === 'delivered') this.delivered.add(row.key);
      }
    }
  }
  deliver(message: PageMessage): Promise<DeliveryResult> {
    const event = this.delivered.has(message.idempotencyKey) ? 'duplicate-suppressed' : 'delivered';
    this.delivered.add(message.idempotencyKey);
    appendFileSync(deliveriesPath as string, `${JSON.stringify({ event, key: message.idempotencyKey, type: message.type, to: message.recipient.personId, at: this.clock.now(), pid: process.pid })}\n`);
    return Promise.resolve({ status: 'delivered' });
  }
}

const clock = new FakeClock(Number(startArg));
const store = new StateStore({ clock });
store.registerBackend({ id: 'mem', kind: 'memory', cluster: 'lab', freshnessBoundMs: 1e12 });
const logs: string[] = [];
const alerting = createAlerting({
  store,
  database: dbPath,
  clock,
  notifier: new FileNotifier(clock),
  gate: { authorize: () => Promise.resolve(), audit: () => Promise.resolve() },
  config: {
    alerts: alertsConfigSchema.parse({ rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: '30s' }, evaluateEvery: '10s' }),
    oncall: oncallConfigSchema.parse({
      people: [
        { id: 'alice', name: 'Alice', timeZone: 'Europe/Berlin' },
        { id: 'bob', name: 'Bob', timeZone: 'America/New_York' },
      ],
      escalationPolicies: [{ name: 'primary', levels: [{ notify: [{ user: 'alice' }], wait: '5m', times: 2 }, { notify: [{ user: 'bob' }], wait: '10m' }] }],
      defaultPolicy: 'primary',
    }),
  },
  logger: jsonLogger({ write: (line) => logs.push(line), now: () => clock.now(), level: 'warn' }),
  faults: { afterIntent: (key) => crashIf('intent', key), afterDeliver: (key) => crashIf('deliver', key) },
});
alerting.start();

const T0 = Number(process.env.T0 ?? startArg);
function failWeb(): void {
  store.apply('mem', { type: 'connected', at: clock.now() });
  store.apply('mem', {
    type: 'snapshot',
    at: clock.now(),
    snapshot: {
      services: [
        {
          nativeId: 'web',
          cluster: 'lab',
          tenant: 'shop',
          name: 'web',
          kind: 'other',
          desired: 3,
          running: 0,
          healthy: 0,
          health: { status: 'UNHEALTHY', reason: '0/3 running', since: T0 },
          labels: {},
          stateful: false,
          actions: ['restart'],
          updatedAt: T0,
        },
      ],
      tasks: [],
      plans: [],
      hosts: [],
    },
  });
}

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'fail') failWeb();
  else if (command === 'advance-to') await clock.advanceTo(Number(arg));
  else if (command === 'ack') await alerting.ack(arg ?? '', { id: 'alice', name: 'Alice', source: 'cli' });
  else if (command === 'audit') process.stdout.write(`${JSON.stringify({ overdue: alerting.auditOverdue().length })}\n`);
  else if (command === 'exit') break;
  await clock.advance(0);
  await alerting.settle();
  process.stdout.write(`${JSON.stringify({ ok: command, now: clock.now(), warnings: logs.splice(0).map((l) => (JSON.parse(l) as { msg: string }).msg) })}\n`);
}
await alerting.stop();
rl.close();
process.exit(0);
