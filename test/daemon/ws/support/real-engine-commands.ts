/**
 * The REAL command engine behind the daemon fixture's ws API (alice operates
 * team-a, bob team-b), on SQLite in a temp dir, for tests that must not use a
 * double: the fixture's `commands` option plus the storage to inspect.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import { accessConfigSchema, createAccessGate } from '../../../../src/core/access/index.js';
import { createCommandEngine, createGuards, openCommandStorage, type CommandStorage } from '../../../../src/core/commands/index.js';
import { FakeClock } from '../../../../src/core/fake-clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { StateStore } from '../../../../src/core/state/store.js';
import { openDatabase } from '../../../../src/core/storage/sqlite-database.js';
import { remoteCommandService } from '../../../../src/daemon/adapters/remote-command-service.js';
import type { CommandService } from '../../../../src/daemon/ports.js';

/** A `commands` builder for startFixture, and (once built) the engine's storage. */
export function realEngineCommands(): {
  build: (parts: { store: StateStore; backends: ReadonlyMap<string, MemoryBackend> }) => CommandService;
  storage: () => CommandStorage;
} {
  let storage: CommandStorage | undefined;
  return {
    build: ({ store, backends }) => {
      // The engine's own fake clock: verification follows the store's diffs; its deadline never needs to pass here.
      const clock = new FakeClock();
      storage = openCommandStorage(openDatabase(join(mkdtempSync(join(tmpdir(), 'opsdeck-real-engine-')), 'opsdeck.db')), { clock });
      const access = createAccessGate(
        accessConfigSchema.parse({
          actors: [{ id: 'alice', name: 'Alice' }, { id: 'bob', name: 'Bob' }],
          bindings: [
            { tenant: 'team-a', role: 'operator', subjects: ['alice'] },
            { tenant: 'team-b', role: 'operator', subjects: ['bob'] },
          ],
        }),
      );
      const engine = createCommandEngine({ store, backends: (id) => backends.get(id), access, guards: createGuards({}), audit: storage.audit, storage: storage.storage, clock, logger: silentLogger });
      return remoteCommandService(engine);
    },
    storage: () => {
      if (storage === undefined) throw new Error('the fixture did not build the engine');
      return storage;
    },
  };
}
