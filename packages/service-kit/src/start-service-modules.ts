import type { TlsCertificate } from '@vezel/rpc';
import { setTimeout as delay } from 'node:timers/promises';
import { migrate, type Db } from '@vezel/db';
import { UnavailableError } from '@vezel/errors';
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

/** A module and the database it was created with (its migrations go there). */
export interface HostedModule {
  readonly module: ServiceModule;
  readonly db: Db;
}

/** Where and how {@link startServiceModules} serves its modules. */
export interface ServeModulesOptions {
  /** Named in health responses and error reports. */
  readonly name: string;
  /** 0 picks a free port (tests). */
  readonly httpPort: number;
  readonly grpcPort: number;
  /** Default loopback; a container passes `0.0.0.0`. */
  readonly host?: string;
  /** Largest JSON body; default 1 MB (`createHttpApp`). */
  readonly bodyLimit?: string | number;
  /** Serve HTTPS and gRPC over TLS with this certificate (`TLS_CERT_FILE`, `TLS_KEY_FILE`). */
  readonly tls?: TlsCertificate;
  /** Serve gRPC server reflection (`GRPC_REFLECTION`); default true. */
  readonly grpcReflection?: boolean;
  /** Routes placed before the modules' (metrics middleware). */
  readonly extraRoutes?: readonly RequestHandler[];
  readonly reportUnexpectedError?: UnexpectedErrorReporter;
  /**
   * How long a stop keeps serving while `/readyz` answers 503 and gRPC health NOT_SERVING, before it stops accepting
   * requests (`SHUTDOWN_DELAY_MS`); default 0. Load balancers and Kubernetes endpoints notice a pod going away only
   * at their next probe or watch event: without the delay, requests routed meanwhile meet a closed port.
   */
  readonly shutdownDelayMs?: number;
}

/** Modules being served together. */
export interface RunningServiceModules {
  readonly modules: readonly ServiceModule[];
  readonly http: StartedHttpServer;
  readonly grpc: StartedGrpcServer;
  /**
   * Graceful stop, in the order that loses nothing: report not ready for `shutdownDelayMs` while still serving,
   * stop intake (HTTP and gRPC finish the requests in flight), then stop each module (draining its outbox relay),
   * last started first. The caller closes the Dbs and the EventLog afterwards. Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * Applies each module's migrations to its own database, starts the modules (relays, consumers) and serves all
 * their HTTP routes from one server and all their gRPC services from another: one service in production
 * (`startServiceModule`), the whole chain in the embedded single-process mode. Module paths never overlap, since
 * each lives under `/v1/<service>/`; readiness checks are named `<module>.<check>`.
 */
export async function startServiceModules(
  hosted: readonly HostedModule[],
  options: ServeModulesOptions,
): Promise<RunningServiceModules> {
  const started: ServiceModule[] = [];
  let stopRequested = false;
  let http: StartedHttpServer | undefined;
  let grpc: StartedGrpcServer | undefined;
  const stopModules = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const module of [...started].reverse()) {
      // Every module gets its chance to drain, whatever the one before it did.
      await module.stop().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  };
  try {
    for (const { module, db } of hosted) {
      await migrate(db, module.migrations);
      await module.start();
      started.push(module);
    }
    const app = createHttpApp({
      serviceName: options.name,
      routes: [...(options.extraRoutes ?? []), ...hosted.flatMap(({ module }) => module.httpRoutes)],
      readinessChecks: [
        ...hosted.flatMap(({ module }) =>
          hosted.length === 1
            ? module.readinessChecks
            : module.readinessChecks.map((check) => ({ ...check, name: `${module.name}.${check.name}` })),
        ),
        {
          name: 'shutdown',
          check: async () => {
            if (stopRequested) throw new UnavailableError(`${options.name} is shutting down`);
          },
        },
      ],
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.reportUnexpectedError === undefined ? {} : { reportUnexpectedError: options.reportUnexpectedError }),
    });
    const tls = options.tls === undefined ? {} : { tls: options.tls };
    http = await startHttpServer(app, { port: options.httpPort, ...hostOf(options), ...tls });
    grpc = await startGrpcServer({
      port: options.grpcPort,
      ...hostOf(options),
      ...tls,
      ...(options.grpcReflection === undefined ? {} : { reflection: options.grpcReflection }),
      register: (server) => {
        for (const { module } of hosted) module.registerGrpc(server);
      },
    });
  } catch (error) {
    await Promise.allSettled([http?.close(), stopModules()]);
    throw error;
  }
  const servers = { http, grpc };
  let stopping: Promise<void> | undefined;
  return {
    modules: started,
    ...servers,
    stop() {
      stopping ??= (async () => {
        stopRequested = true;
        servers.grpc.markNotServing();
        if ((options.shutdownDelayMs ?? 0) > 0) await delay(options.shutdownDelayMs);
        try {
          for (const { module } of hosted) module.endOpenAnswers?.();
          await Promise.all([servers.http.close(), servers.grpc.close()]);
        } finally {
          // Drain the outboxes even when closing a server failed: the events are committed and waiting.
          await stopModules();
        }
      })();
      return stopping;
    },
  };
}

function hostOf(options: ServeModulesOptions): { host?: string } {
  return options.host === undefined ? {} : { host: options.host };
}
