/**
 * Starts the simulated DC/OS cluster on loopback: one HTTP listener laid out
 * like DC/OS Admin Router (`/mesos`, `/marathon`, `/service/<name>`), driven by
 * the injected clock, seeded for reproducible ids, placements and chaos.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { systemClock, type Clock } from '../../core/clock.js';
import { startChaos, type ChaosMode } from './chaos.js';
import { FaultInjector, type SimFaults } from './faults.js';
import { sendJson } from './http-util.js';
import { MarathonEventStream } from './marathon-event-stream.js';
import { handleMarathon } from './marathon-routes.js';
import { MarathonScheduler } from './marathon-scheduler.js';
import { handleMesos } from './mesos-routes.js';
import { MesosSubscribers } from './mesos-subscribers.js';
import { SdkScheduler } from './sdk-scheduler.js';
import { handleSdk } from './sdk-routes.js';
import { SEED_AGENTS, SEED_APPS, SEED_SDK_SERVICES } from './seed-data.js';
import { SeededRandom } from './seeded-random.js';
import { SimWorld } from './sim-world.js';

/** Options for startSimulatedCluster. */
export interface SimulatedClusterOptions {
  clock?: Clock;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Seed for ids, placement and chaos (default 1). */
  seed?: number;
  /** Mesos HEARTBEAT interval (default 15 000 ms, as the real master). */
  heartbeatIntervalMs?: number;
  chaos?: ChaosMode;
  /** Minimum time an SDK plan step takes from launch to COMPLETE (default 4 000 ms). */
  stepDurationMs?: number;
  /** Scheduling round interval: each round moves tasks one lifecycle stage (default 500 ms). */
  tickMs?: number;
  /** Interval between chaos faults (default 20 000 ms). */
  chaosIntervalMs?: number;
}

/** A running simulated cluster. */
export interface SimulatedCluster {
  urls: { mesos: string; marathon: string; sdk: Record<string, string> };
  faults: SimFaults;
  /** The clock the cluster runs on. */
  clock: Clock;
  close(): Promise<void>;
}

/** Starts a simulated DC/OS cluster (Mesos master, Marathon, SDK schedulers) and resolves once it listens. */
export async function startSimulatedCluster(options: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
  const clock = options.clock ?? systemClock;
  const random = new SeededRandom(options.seed ?? 1);
  const world = new SimWorld(clock, random);
  for (const agent of SEED_AGENTS) world.addAgent(agent.hostname, { ...agent.total });
  const marathon = new MarathonScheduler(world);
  const sdk = new Map<string, SdkScheduler>();
  for (const spec of SEED_SDK_SERVICES) sdk.set(spec.name, new SdkScheduler(world, spec, { stepDurationMs: options.stepDurationMs ?? 4000 }));
  for (const app of SEED_APPS) marathon.seed(app);
  // Warm start: seeded apps and deployed SDK services are up before anyone looks.
  for (let i = 0; i < 4; i++) {
    marathon.tick();
    world.tick();
  }
  marathon.tick();

  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = options.port ?? 0;
  const events = new MarathonEventStream(marathon, clock);
  // The injector is built after the listener helpers it controls; shaping reads it lazily.
  const shaping = { corruption: (api: 'mesos' | 'marathon' | 'sdk') => faults.corruption(api) };
  const subscribers = new MesosSubscribers(world, clock, { heartbeatIntervalMs: options.heartbeatIntervalMs ?? 15_000, faults: shaping });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const streaming = path.endsWith('/v2/events');
    if (faults.delayMs > 0 && !streaming) await clock.sleep(faults.delayMs).catch(() => undefined);
    const mesosPath = path.startsWith('/mesos/') ? path.slice('/mesos'.length) : path;
    if (await handleMesos(req, res, mesosPath, { world, subscribers, faults })) return;
    const marathonPath = path.startsWith('/marathon/') ? path.slice('/marathon'.length) : path;
    if (await handleMarathon(req, res, marathonPath, url.searchParams, { world, scheduler: marathon, events, faults })) return;
    const service = /^\/service\/([^/]+)(\/.*)$/.exec(path);
    const scheduler = service === null ? undefined : sdk.get(service[1] ?? '');
    if (service !== null && scheduler !== undefined) {
      if (await handleSdk(req, res, service[2] ?? '/', url.searchParams, { scheduler, faults, now: () => clock.now() })) return;
    }
    if (path === '/') {
      sendJson(res, 200, urls());
      return;
    }
    sendJson(res, 404, { message: `No route for ${req.method ?? 'GET'} ${path}` });
  };

  const listen = async (): Promise<void> => {
    const s = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
        else res.destroy();
      });
    });
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    const address = s.address();
    if (address !== null && typeof address === 'object') port = address.port;
    server = s;
  };

  const stopListening = async (): Promise<void> => {
    const s = server;
    if (s === undefined) return;
    server = undefined;
    subscribers.closeAll();
    events.closeAll();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const faults: FaultInjector = new FaultInjector({
    world,
    sdk,
    subscribers,
    events,
    stopListening,
    startListening: async () => {
      if (server === undefined) await listen();
    },
    isListening: () => server !== undefined,
  });

  const urls = (): SimulatedCluster['urls'] => {
    const base = `http://127.0.0.1:${port}`;
    return {
      mesos: `${base}/mesos`,
      marathon: `${base}/marathon`,
      sdk: Object.fromEntries([...sdk.keys()].map((name) => [name, `${base}/service/${name}`])),
    };
  };

  await listen();
  const stopTicks = clock.every(options.tickMs ?? 500, () => {
    world.tick();
    marathon.tick();
    for (const scheduler of sdk.values()) scheduler.tick();
  });
  const stopChaos = startChaos({
    mode: options.chaos ?? 'off',
    clock,
    random,
    faults,
    sdkServices: [...sdk.keys()],
    intervalMs: options.chaosIntervalMs ?? 20_000,
  });

  return {
    urls: urls(),
    faults,
    clock,
    async close() {
      stopChaos();
      stopTicks();
      await stopListening();
    },
  };
}
