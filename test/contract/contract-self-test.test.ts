/**
 * Proves the contract suite can fail: run against a backend that stays
 * HEALTHY after losing its connection, the suite's stale case must fail.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('backend contract self-test', () => {
  it('fails a backend that reports HEALTHY after losing its connection', () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--root', '.', '--config', 'test/contract/fixtures/vitest.fixture.config.ts'],
      { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 60_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).not.toBe(0);
    expect(output).toMatch(/goes STALE, keeping last values/);
    expect(output).toMatch(/Timed out after 1s waiting for backend stale/);
    expect(output).toMatch(/1 failed/);
  }, 60_000);
});
