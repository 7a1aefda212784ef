/**
 * A fake TTY wired to an @xterm/headless terminal: the dashboard draws into
 * real terminal emulation and tests read the screen the way a person sees it.
 */
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import type { Terminal as TerminalType } from '@xterm/headless';

const require = createRequire(import.meta.url);
const { Terminal } = require('@xterm/headless') as { Terminal: typeof TerminalType };

type FakeTtyOutput = PassThrough & { isTTY: true; columns: number; rows: number };
type FakeTtyInput = PassThrough & { isTTY: true; isRaw: boolean; setRawMode(mode: boolean): FakeTtyInput };

const KEYS: Record<string, string> = {
  enter: '\r',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  backspace: '\x7f',
  'C-c': '\x03',
  'C-k': '\x0b',
  'C-d': '\x04',
  'C-u': '\x15',
};

/** A headless terminal plus the streams to hand to runDashboard. */
export class HeadlessTerminal {
  readonly input: FakeTtyInput;
  readonly output: FakeTtyOutput;
  readonly term: TerminalType;
  /** Everything the app wrote, for asserting on raw sequences (e.g. leaving the alternate screen). */
  raw = '';
  private pending = Promise.resolve();

  constructor(readonly size: { cols: number; rows: number } = { cols: 120, rows: 36 }) {
    this.term = new Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true });
    const output = new PassThrough() as FakeTtyOutput;
    output.isTTY = true;
    output.columns = size.cols;
    output.rows = size.rows;
    output.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.raw += text;
      this.pending = new Promise((resolve) => this.term.write(text, resolve));
    });
    const input = new PassThrough() as FakeTtyInput;
    input.isTTY = true;
    input.isRaw = false;
    input.setRawMode = (mode: boolean) => {
      input.isRaw = mode;
      return input;
    };
    this.input = input;
    this.output = output;
  }

  /** Waits until everything written so far is parsed by the emulator. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.pending;
    }
  }

  /** The visible screen, one string per row (trailing spaces trimmed). */
  lines(): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++) out.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return out;
  }

  /** The visible screen as one string. */
  text(): string {
    return this.lines().join('\n');
  }

  /** Types characters (or named keys like 'enter', 'escape', 'C-c'). */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.input.write(KEYS[key] ?? key);
      // Let blessed read the key and redraw before the next one (escape needs its own read).
      await this.settle();
    }
  }

  /** Waits (event-driven, with a deadline) until the screen matches. */
  async waitFor(match: string | RegExp, options: { timeoutMs?: number } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 3000);
    for (;;) {
      await this.settle();
      const text = this.text();
      if (typeof match === 'string' ? text.includes(match) : match.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`Screen never showed ${String(match)}. Screen:\n${text}`);
      await new Promise<void>((resolve) => {
        const d = this.term.onWriteParsed(() => {
          d.dispose();
          resolve();
        });
        setTimeout(resolve, 50).unref();
      });
    }
  }

  /** Resizes the emulator and the fake TTY, and tells the app like a real terminal would (SIGWINCH → 'resize'). */
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.output.columns = cols;
    this.output.rows = rows;
    this.output.emit('resize');
  }

  /** The row containing `text`, or undefined. */
  rowWith(text: string): string | undefined {
    return this.lines().find((l) => l.includes(text));
  }

  /** Cell foreground colour (palette index) of the first occurrence of text, for colour assertions. */
  colorOf(text: string): number | undefined {
    const buffer = this.term.buffer.active;
    for (let y = 0; y < this.term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      const s = line?.translateToString(false) ?? '';
      const x = s.indexOf(text);
      if (x >= 0) return line?.getCell(x)?.getFgColor();
    }
    return undefined;
  }

  dispose(): void {
    this.term.dispose();
  }
}
