import type { Db } from '@vezel/db';
import type { StartedGrpcServer, StartedHttpServer, UnexpectedErrorReporter } from '@vezel/rpc';
import type { RequestHandler } from 'express';
import type { ServiceModule } from './service-module.ts';
import { startServiceModules } from './start-service-modules.ts';

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
  const running = await startServiceModules([{ module, db: options.db }], {
    name: module.name,
    httpPort: options.httpPort,
    grpcPort: options.grpcPort,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.extraRoutes === undefined ? {} : { extraRoutes: options.extraRoutes }),
    ...(options.reportUnexpectedError === undefined ? {} : { reportUnexpectedError: options.reportUnexpectedError }),
  });
  return { module, http: running.http, grpc: running.grpc, stop: () => running.stop() };
}
