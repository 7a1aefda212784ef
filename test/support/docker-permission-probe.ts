/**
 * Run as an unprivileged user by the bad-input test: watches a docker backend
 * at the host given as argv[2] and prints its first disconnected error as JSON.
 */
import { createDockerBackend } from '../../src/backends/docker/create-docker-backend.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';

const stop = new AbortController();
const backend = createDockerBackend({ kind: 'docker', id: 'probe', host: process.argv[2] ?? '' }, { clock: systemClock, env: {}, logger: silentLogger });
for await (const event of backend.watch(stop.signal)) {
  if (event.type === 'disconnected') {
    process.stdout.write(JSON.stringify(event.error));
    stop.abort();
  }
}
