import type { Server } from '@grpc/grpc-js';
import type { UnexpectedErrorReporter } from '@vezel/rpc';
import type { RequestHandler } from 'express';
import { createOutboxPublisher } from './outbox-publisher.ts';
import { serveOpenApiDocument, type OpenApiObject } from './openapi-document.ts';
import type { ServiceDependencies, ServiceModule } from './service-module.ts';
import { loadServiceMigrations } from './service-migrations.ts';

/** What a service contributes to its module; everything else is the same for every write-side service. */
export interface ServiceModuleParts {
  readonly name: string;
  readonly dependencies: ServiceDependencies;
  /** The topic the service's outbox messages were mapped to. */
  readonly topic: string;
  /** The service's `migrations/` folder (0001-8999; the kit's own migrations come first). */
  readonly migrationsDir: URL;
  readonly openApiDocument: OpenApiObject;
  readonly router: RequestHandler;
  /** Registers the service's gRPC services; unexpected errors go to the service's log. */
  readonly registerGrpc: (server: Server, reportUnexpectedError: UnexpectedErrorReporter) => void;
}

/**
 * Assembles a write-side service's module the one way they all work: the outbox relay as background work, the
 * kit's and the service's migrations, the OpenAPI document beside the routes, and readiness on the database only
 * (not Kafka: commands succeed while the broker is down, the outbox holds their events).
 */
export async function assembleServiceModule(parts: ServiceModuleParts): Promise<ServiceModule> {
  const { db, logger, eventLog, drainTimeoutMs } = parts.dependencies;
  const publisher = createOutboxPublisher({
    db,
    eventLog,
    topics: [parts.topic],
    logger,
    ...(drainTimeoutMs === undefined ? {} : { drainTimeoutMs }),
  });
  const reportUnexpectedError: UnexpectedErrorReporter = (error, context) =>
    logger.error('unexpected error', { ...context, error });
  return {
    name: parts.name,
    migrations: await loadServiceMigrations(parts.migrationsDir),
    httpRoutes: [serveOpenApiDocument(parts.name, parts.openApiDocument), parts.router],
    registerGrpc: (server) => parts.registerGrpc(server, reportUnexpectedError),
    readinessChecks: [{ name: 'database', check: async () => void (await db.query('select 1')) }],
    start: () => publisher.start(),
    stop: () => publisher.stop(),
  };
}
