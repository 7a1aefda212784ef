/**
 * A scripted ws server on 127.0.0.1 that speaks just enough of the daemon's
 * protocol for client edge cases the real daemon never produces (garbage
 * frames, a newer protocol version, silence, dropped replies).
 */
import { WebSocketServer, type WebSocket } from 'ws';

/** An empty v1 snapshot. */
export const EMPTY_SNAPSHOT = { v: 1, type: 'snapshot', version: 1, services: [], tasks: [], plans: [], hosts: [], backends: [] } as const;

/** The greeting the real daemon sends first. */
export const HELLO = { v: 1, type: 'hello', server: 'opsdeck', actor: { id: 'alice', name: 'Alice' }, tenants: ['team-a'], limits: { maxMessageBytes: 65536 } } as const;

/** A running scripted server. */
export interface ScriptedDaemon {
  url: string;
  /** Every text frame clients sent, parsed. */
  received: { type?: string; id?: string }[];
  sockets: WebSocket[];
  close(): Promise<void>;
}

/** Starts a server that runs `script` for each connection. */
export async function startScriptedDaemon(script: (socket: WebSocket) => void): Promise<ScriptedDaemon> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const received: { type?: string; id?: string }[] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => received.push(JSON.parse(data.toString()) as { type?: string; id?: string }));
    script(socket);
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
}
