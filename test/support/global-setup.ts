/**
 * Vitest global setup: marks the run as a test run and starts ONE private
 * dockerd (Swarm manager with the busybox test image) for every real-Docker
 * test, handing its socket to tests through `inject('dockerHost')`. If the
 * daemon cannot start, `dockerError` says why and what to install, and the
 * Docker tests fail with it (never skip); other suites are unaffected. A run
 * whose file filters select no Docker test does not start the daemon.
 */
import type { TestProject } from 'vitest/node';
import { startDockerd, type PrivateDockerd } from './dockerd.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `unix://…` socket of the shared private test daemon ('' when it failed to start). */
    dockerHost: string;
    /** Why the shared test daemon is missing ('' when it runs). */
    dockerError: string;
  }
}

/** True for the test files that need the real daemon. */
function isDockerTest(file: string): boolean {
  return file.includes('/test/backends/docker/') || file.endsWith('/test/contract/docker-backend.contract.test.ts');
}

/** Whether this run's CLI file filters (if any) select a Docker test; arguments matching no test file are not filters. */
async function runNeedsDocker(project: TestProject): Promise<boolean> {
  const { testFiles } = await project.globTestFiles();
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-') && !['run', 'watch', 'dev', 'related'].includes(a));
  const filters = args.filter((a) => testFiles.some((f) => f.includes(a)));
  if (filters.length === 0) return true;
  return testFiles.some((f) => isDockerTest(f) && filters.some((a) => f.includes(a)));
}

/** Starts the shared test daemon (or records why it could not) and returns its teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.OPSDECK_TEST = '1';
  let daemon: PrivateDockerd | undefined;
  try {
    if (await runNeedsDocker(project)) {
      daemon = await startDockerd({ image: true, swarm: true });
      project.provide('dockerHost', daemon.host);
      project.provide('dockerError', '');
    } else {
      project.provide('dockerHost', '');
      project.provide('dockerError', 'not started: this run\'s file filters select no Docker test');
    }
  } catch (error) {
    project.provide('dockerHost', '');
    project.provide('dockerError', error instanceof Error ? error.message : String(error));
  }
  return async () => {
    await daemon?.destroy();
  };
}
