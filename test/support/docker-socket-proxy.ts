/**
 * A unix-socket pass-through in front of a real dockerd: closing it cuts every
 * connection (the event stream included) and removes the socket, as an outage
 * looks to a client, while the daemon behind keeps running for other tests.
 */
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A proxy that can be cut and restored. */
export interface DockerSocketProxy {
  socketPath: string;
  host: string;
  /** Every request line (`GET /v1.41/… HTTP/1.1`) clients sent through the proxy, in order. */
  requests: string[];
  /** Destroys all connections and stops listening (clients see ENOENT / resets). */
  cut(): Promise<void>;
  /** Listens again on the same path. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy at `socketPath` forwarding to `targetSocket`. */
export async function startDockerSocketProxy(socketPath: string, targetSocket: string): Promise<DockerSocketProxy> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  let server: Server | undefined;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      rmSync(socketPath, { force: true });
      const s = createServer((client) => {
        const upstream = connect(targetSocket);
        sockets.add(client);
        sockets.add(upstream);
        const drop = (): void => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.on('data', (chunk: Buffer) => {
          for (const match of chunk.toString('latin1').matchAll(/(?:^|\r\n)((?:GET|POST|PUT|DELETE|HEAD) \S+ HTTP\/1\.[01])\r\n/g)) {
            if (match[1] !== undefined) requests.push(decodeURIComponent(match[1]));
          }
        });
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(socketPath, () => resolve());
      server = s;
    });
  const cut = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (server === undefined) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  return { socketPath, host: `unix://${socketPath}`, requests, cut, restore: listen, close: cut };
}
