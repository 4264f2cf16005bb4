import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TlsCertificate } from './tls-certificate.ts';
import type { AddressInfo } from 'node:net';

/** Options for {@link startHttpServer}. */
export interface StartHttpServerOptions {
  /** 0 picks a free port; the bound one is returned. */
  readonly port: number;
  /** Serve HTTPS with this certificate; absent, plain HTTP. */
  readonly tls?: TlsCertificate;
  /** Defaults to loopback; containers pass `0.0.0.0` explicitly so exposure is always a decision. */
  readonly host?: string;
}

/** A listening HTTP server. */
export interface StartedHttpServer {
  readonly server: Server;
  readonly port: number;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /**
   * Stops accepting connections, lets requests in flight finish (their responses carry `Connection: close`),
   * closes idle keep-alive connections at once, and after `timeoutMs` (default 10 s) destroys whatever is left.
   * Safe to call more than once.
   */
  close(options?: { readonly timeoutMs?: number }): Promise<void>;
}

const defaultShutdownTimeoutMs = 10_000;

/** Serves `app` (an express app or any request listener) on `host:port`. */
export async function startHttpServer(
  app: RequestListener,
  options: StartHttpServerOptions,
): Promise<StartedHttpServer> {
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  const inFlight = new Set<ServerResponse>();
  const handle: RequestListener = (req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // A keep-alive client would otherwise send its next request on this connection and find it gone.
    if (closing !== undefined) res.setHeader('Connection', 'close');
    app(req, res);
  };
  const server: Server =
    options.tls === undefined
      ? createServer(handle)
      : createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `${options.tls === undefined ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close(closeOptions = {}) {
      closing ??= shutDown(server, inFlight, closeOptions.timeoutMs ?? defaultShutdownTimeoutMs);
      return closing;
    },
  };
}

function shutDown(server: Server, inFlight: ReadonlySet<ServerResponse>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    for (const res of inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      // Otherwise the connection goes idle after this response and would linger until the keep-alive timeout.
      res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
    }
    // Stops listening and closes the connections that are idle right now; calls back once every connection is gone.
    server.close((error) => {
      clearTimeout(force);
      if (error === undefined) resolve();
      else reject(error);
    });
  });
}
