/**
 * Time to first full state from a real dockerd holding 300 containers
 * (60 running) (a private daemon, started and removed here): how long the
 * docker backend takes from watch() to its first snapshot, next to the
 * container count the bare Engine API lists in the same run.
 *
 * Run: node --import tsx bench/docker-first-state.ts   (root; needs docker.io + busybox-static)
 */
import { performance } from 'node:perf_hooks';
import { createDockerBackend } from '../src/backends/docker/create-docker-backend.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { TEST_IMAGE, startDockerd } from '../test/support/dockerd.js';
import { rawDocker } from '../test/support/docker-test-kit.js';

const CONTAINERS = 300;
/** Starting containers dominates set-up time; the rest stay `created` (listed, mapped and counted all the same). */
const STARTED = 60;
const RUNS = 5;

const daemon = await startDockerd({ image: true });
try {
  const docker = rawDocker(daemon.host);
  const setupStart = performance.now();
  const names = Array.from({ length: CONTAINERS }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < names.length; i += 50) {
    await Promise.all(
      names.slice(i, i + 50).map(async (name, j) => {
        const container = await docker.createContainer({
          name,
          Image: TEST_IMAGE,
          Cmd: ['sleep', '100000'],
          Labels: (i + j) % 3 === 0 ? { 'com.docker.compose.project': 'bench', 'com.docker.compose.service': `svc-${(i + j) % 30}` } : {},
          StopTimeout: 1,
          HostConfig: { NetworkMode: 'none' },
        });
        if (i + j < STARTED) await container.start();
      }),
    );
  }
  console.log(`setup: ${CONTAINERS} containers created (${STARTED} started) in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

  const timings: number[] = [];
  let services = 0;
  let tasks = 0;
  for (let run = 0; run < RUNS; run++) {
    const backend = createDockerBackend({ kind: 'docker', id: 'bench', host: daemon.host }, { clock: systemClock, env: {}, logger: silentLogger });
    const stop = new AbortController();
    const start = performance.now();
    for await (const event of backend.watch(stop.signal)) {
      if (event.type === 'disconnected') throw new Error(`${event.error.code}: ${event.error.message}`);
      if (event.type === 'snapshot') {
        timings.push(performance.now() - start);
        services = event.snapshot.services.length;
        tasks = event.snapshot.tasks.length;
        stop.abort();
      }
    }
  }
  const bare = (await docker.listContainers({ all: true })).length;
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`bare Engine API (GET /containers/json?all=1): ${bare} containers`);
  console.log(`opsdeck first snapshot: ${tasks} tasks in ${services} services (compose groups + standalone containers)`);
  console.log(`time to first full state over ${RUNS} runs: min ${sorted[0]?.toFixed(1)} ms, median ${sorted[Math.floor(RUNS / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`);
  if (tasks !== bare) console.log(`MISMATCH: opsdeck listed ${tasks} container tasks, the API ${bare}`);
} finally {
  await daemon.destroy();
}
