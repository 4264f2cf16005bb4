import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';
import { registerGrpcReflection } from './grpc-reflection.ts';
import { registerGrpcHealthService } from './register-grpc-health-service.ts';
import type { TlsCertificate } from './tls-certificate.ts';

/** Options for {@link startGrpcServer}. */
export interface StartGrpcServerOptions {
  /** 0 picks a free port; the bound one is returned. */
  readonly port: number;
  /** Defaults to loopback; containers pass `0.0.0.0` explicitly so exposure is always a decision. */
  readonly host?: string;
  /** Adds the services (with `registerGrpcService`) before the port is bound, so no call meets UNIMPLEMENTED. */
  readonly register: (server: Server) => void;
  /** Adds `grpc.health.v1.Health/Check`; on by default. */
  readonly health?: boolean;
  /** Adds server reflection describing the registered services (grpcurl, Postman); on by default. */
  readonly reflection?: boolean;
  readonly serverOptions?: ServerOptions;
  /** Serve over TLS with this certificate; absent, plaintext (loopback and in-cluster traffic). */
  readonly tls?: TlsCertificate;
}

/** A bound gRPC server. */
export interface StartedGrpcServer {
  readonly server: Server;
  readonly port: number;
  /** `host:port`, ready for `createGrpcClient`. */
  readonly address: string;
  /**
   * Reports NOT_SERVING, stops accepting calls and waits for the ones in flight; after `timeoutMs` (default 10 s)
   * remaining calls are cancelled. Safe to call more than once.
   */
  close(options?: { readonly timeoutMs?: number }): Promise<void>;
  /**
   * Reports NOT_SERVING to health checks while still serving calls: the first step of a graceful stop, so load
   * balancers and Kubernetes gRPC probes take the server out before it stops accepting calls.
   */
  markNotServing(): void;
}

const defaultShutdownTimeoutMs = 10_000;

/**
 * Creates a grpc-js server, registers services (and the health and reflection services), and binds it, over TLS when
 * given one.
 */
export async function startGrpcServer(options: StartGrpcServerOptions): Promise<StartedGrpcServer> {
  const host = options.host ?? '127.0.0.1';
  const server = new Server(options.serverOptions);
  options.register(server);
  if (options.reflection !== false) registerGrpcReflection(server);
  const health = options.health === false ? undefined : registerGrpcHealthService(server);
  const port = await new Promise<number>((resolve, reject) => {
    const credentials =
      options.tls === undefined
        ? ServerCredentials.createInsecure()
        : ServerCredentials.createSsl(null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }], false);
    server.bindAsync(`${hostForAddress(host)}:${options.port}`, credentials, (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    );
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    address: `${hostForAddress(host)}:${port}`,
    close(closeOptions = {}) {
      closing ??= shutDown(server, closeOptions.timeoutMs ?? defaultShutdownTimeoutMs, () => health?.markNotServing());
      return closing;
    },
    markNotServing() {
      health?.markNotServing();
    },
  };
}

function shutDown(server: Server, timeoutMs: number, markNotServing: () => void): Promise<void> {
  markNotServing();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

function hostForAddress(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
