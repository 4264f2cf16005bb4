import type { Db } from '@vezel/db';
import type { StartedGrpcServer, StartedHttpServer } from '@vezel/rpc';
import type { ServiceModule } from './service-module.ts';
import { startServiceModules, type ServeModulesOptions } from './start-service-modules.ts';

/** Where and how {@link startServiceModule} serves a module: as for several, named after the module. */
export interface ServeOptions extends Omit<ServeModulesOptions, 'name'> {
  /** The database the module was created with; its migrations are applied there first. */
  readonly db: Db;
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
  const { db, ...serve } = options;
  const running = await startServiceModules([{ module, db }], { ...serve, name: module.name });
  return { module, http: running.http, grpc: running.grpc, stop: () => running.stop() };
}
