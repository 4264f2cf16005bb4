import { migrate, type Db } from '@vezel/db';
import {
  createHttpApp,
  startGrpcServer,
  startHttpServer,
  type StartedGrpcServer,
  type StartedHttpServer,
  type UnexpectedErrorReporter,
} from '@vezel/rpc';
import type { RequestHandler } from 'express';
import type { ServiceModule } from './service-module.ts';

/** Where and how {@link startServiceModule} serves a module. */
export interface ServeOptions {
  /** The database the module was created with; its migrations are applied there first. */
  readonly db: Db;
  /** 0 picks a free port (tests). */
  readonly httpPort: number;
  readonly grpcPort: number;
  /** Default loopback; a container passes `0.0.0.0`. */
  readonly host?: string;
  /** Largest JSON body; default 1 MB (`createHttpApp`). */
  readonly bodyLimit?: string | number;
  /** Routes placed before the module's (metrics middleware). */
  readonly extraRoutes?: readonly RequestHandler[];
  readonly reportUnexpectedError?: UnexpectedErrorReporter;
}

/** A module being served. */
export interface RunningServiceModule {
  readonly module: ServiceModule;
  readonly http: StartedHttpServer;
  readonly grpc: StartedGrpcServer;
  /**
   * Graceful stop, in the order that loses nothing: stop intake (HTTP and gRPC finish the requests in flight),
   * then drain the outbox relay. The caller closes the Db and the EventLog afterwards. Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * Applies a module's migrations, starts its outbox relay and serves its HTTP routes and gRPC services. Used by
 * `runService` and by in-process integration tests (ports 0), so both exercise the same wiring.
 */
export async function startServiceModule(module: ServiceModule, options: ServeOptions): Promise<RunningServiceModule> {
  await migrate(options.db, module.migrations);
  await module.start();
  let http: StartedHttpServer | undefined;
  let grpc: StartedGrpcServer | undefined;
  try {
    const app = createHttpApp({
      serviceName: module.name,
      routes: [...(options.extraRoutes ?? []), ...module.httpRoutes],
      readinessChecks: module.readinessChecks,
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.reportUnexpectedError === undefined ? {} : { reportUnexpectedError: options.reportUnexpectedError }),
    });
    http = await startHttpServer(app, { port: options.httpPort, ...hostOf(options) });
    grpc = await startGrpcServer({ port: options.grpcPort, ...hostOf(options), register: (server) => module.registerGrpc(server) });
  } catch (error) {
    await Promise.allSettled([http?.close(), module.stop()]);
    throw error;
  }
  const started = { http, grpc };
  let stopping: Promise<void> | undefined;
  return {
    module,
    ...started,
    stop() {
      stopping ??= (async () => {
        try {
          await Promise.all([started.http.close(), started.grpc.close()]);
        } finally {
          // Drain the outbox even when closing a server failed: the events are committed and waiting.
          await module.stop();
        }
      })();
      return stopping;
    },
  };
}

function hostOf(options: ServeOptions): { host?: string } {
  return options.host === undefined ? {} : { host: options.host };
}

