/**
 * The CLI's connection to the outside world, injected so commands are tested
 * in-process: output streams, environment, and how to open the core.
 */
import type { Runtime } from '../daemon/runtime.js';

/** Options shared by every command that needs the core. */
export interface OpenOptions {
  configPath?: string;
  demo: boolean;
  /** How long to wait for every backend's first full sync. */
  timeoutMs: number;
}

/** Side-effect surface of the CLI. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** The OS user running the CLI; access config maps it to an opsdeck actor. */
  osUser: string;
  /** Opens the core (embedded runtime) with the given options. */
  openRuntime: (options: OpenOptions) => Promise<Runtime>;
  /** Resolves when the user interrupts (SIGINT / SIGTERM), for --watch and long-running commands. */
  interrupted: () => Promise<void>;
}
