/**
 * The README's configuration example is real: it parses with every backend
 * kind and section as written, so the documentation cannot drift from the schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backendKinds } from '../../../src/daemon/backend-registry.js';
import { parseConfig } from '../../../src/daemon/config/load-config.js';

describe('README configuration example', () => {
  it('parses cleanly, with the secrets it names provided through the environment', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a yaml block under Configuration').toBeDefined();
    const config = parseConfig((block ?? '').replace('"<hex>"', `"${'ab'.repeat(32)}"`), {
      kinds: backendKinds(),
      env: { DCOS_TOKEN: 'x', ALERTMANAGER_TOKEN: 'y' },
      file: 'README.md',
    });
    expect(config.backends.map((b) => b.kind)).toEqual(['mesos', 'kubernetes', 'docker', 'sim']);
    expect(config.compositions[0]?.components).toHaveLength(2);
  });
});
