import type { DescService } from '@bufbuild/protobuf';
import type { UnexpectedErrorReporter } from '@vezel/rpc';
import { createOutboxPublisher } from './outbox-publisher.ts';
import { serveOpenApiDocument } from './openapi-document.ts';
import { createServiceRouter, registerServiceGrpc, serviceOpenApiDocument, type ServiceApi } from './service-api.ts';
import type { ServiceDependencies, ServiceModule } from './service-module.ts';
import { loadServiceMigrations } from './service-migrations.ts';

/** What a service contributes to its module; everything else is the same for every write-side service. */
export interface ServiceModuleParts<App, S extends DescService> {
  readonly dependencies: ServiceDependencies;
  /** The topic the service's outbox messages were mapped to. */
  readonly topic: string;
  /** The service's `migrations/` folder (0001-8999; the kit's own migrations come first). */
  readonly migrationsDir: URL;
  /** The service's API, served over HTTP (with its OpenAPI document) and gRPC. */
  readonly api: ServiceApi<App, S>;
  /** The application the API's operations run on. */
  readonly application: App;
}

/**
 * Assembles a write-side service's module the one way they all work: its declared API served over HTTP (routes and
 * OpenAPI document derived from it) and gRPC, the outbox relay as background work, the kit's and the service's
 * migrations, and readiness on the database only
 * (not Kafka: commands succeed while the broker is down, the outbox holds their events).
 */
export async function assembleServiceModule<App, S extends DescService>(
  parts: ServiceModuleParts<App, S>,
): Promise<ServiceModule> {
  const { api, application } = parts;
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
    name: api.service,
    migrations: await loadServiceMigrations(parts.migrationsDir),
    httpRoutes: [
      serveOpenApiDocument(api.service, serviceOpenApiDocument(api)),
      createServiceRouter(api, application, parts.dependencies.access),
    ],
    registerGrpc: (server) =>
      registerServiceGrpc(server, api, application, {
        reportUnexpectedError,
        ...(parts.dependencies.access === undefined ? {} : { access: parts.dependencies.access }),
      }),
    readinessChecks: [{ name: 'database', check: async () => void (await db.query('select 1')) }],
    publishesTo: [parts.topic],
    start: () => publisher.start(),
    stop: () => publisher.stop(),
  };
}
