/**
 * Resolves where the Engine is (config `host`, else DOCKER_HOST, else the
 * standard socket) into dockerode connection options, rejecting forms we cannot use.
 */
import { opsError } from '../../core/errors.js';

/** Connection options for dockerode plus a printable name for messages. */
export interface DockerEndpoint {
  /** Printable form, e.g. `unix:///run/docker.sock` or `tcp://127.0.0.1:2375`. */
  display: string;
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

/** The socket Docker uses when nothing else is configured. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** Parses a `host` setting (unix://, bare path, tcp://, http(s)://) into an endpoint. */
export function resolveDockerEndpoint(setting: string | undefined): DockerEndpoint {
  const raw = (setting ?? '').trim() || `unix://${DEFAULT_DOCKER_SOCKET}`;
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (socketPath.length === 0) throw invalid(raw);
    return { display: raw, socketPath };
  }
  if (raw.startsWith('/')) return { display: `unix://${raw}`, socketPath: raw };
  const match = /^(tcp|http|https):\/\/([^/:]+|\[[^\]]+\]):(\d+)\/?$/.exec(raw);
  if (match !== null) {
    const [, scheme, host, port] = match;
    return {
      display: `${scheme}://${host}:${port}`,
      host: (host ?? '').replace(/^\[|\]$/g, ''),
      port: Number(port),
      protocol: scheme === 'https' ? 'https' : 'http',
    };
  }
  throw invalid(raw);
}

function invalid(raw: string) {
  return opsError('CONFIG_INVALID', `The docker host "${raw.replace(/\/\/[^@/]*@/, '//[redacted]@')}" is not a unix socket or tcp address.`, {
    hint: 'Use unix:///var/run/docker.sock, a socket path, or tcp://host:port (with a port).',
  });
}
