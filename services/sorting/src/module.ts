import {
  createOutboxPublisher,
  loadServiceMigrations,
  serveOpenApiDocument,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { registerSortingGrpcService } from './adapters/grpc/sorting-grpc-service.ts';
import { sortingOpenApiDocument } from './adapters/http/sorting-openapi.ts';
import { createSortingRouter } from './adapters/http/sorting-routes.ts';
import { SORTING_TOPIC, createSortingOutboxMessages } from './adapters/messaging/sorting-outbox-messages.ts';
import { createPgCentreStockStore } from './adapters/postgres/pg-centre-stock-store.ts';
import { createPgSortingQueries } from './adapters/postgres/pg-sorting-queries.ts';
import { createSortingApplication } from './app/sorting-application.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/**
 * The sorting service as a module: its application wired to postgres stores and the protobuf outbox mapping,
 * served over HTTP (with its OpenAPI document) and gRPC, with the outbox relay as its background work. Hosted by
 * `main.ts` (its own process), the embedded `npm start`, or a test.
 */
export async function createSortingModule(dependencies: ServiceDependencies): Promise<ServiceModule> {
  const { db, logger } = dependencies;
  const topic = dependencies.topic ?? SORTING_TOPIC;
  const application = createSortingApplication({
    db,
    stores: { centres: createPgCentreStockStore() },
    queries: createPgSortingQueries(),
    toMessage: createSortingOutboxMessages(topic),
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
  });
  const publisher = createOutboxPublisher({
    db,
    eventLog: dependencies.eventLog,
    topics: [topic],
    logger,
    ...(dependencies.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: dependencies.drainTimeoutMs }),
  });
  return {
    name: 'sorting',
    migrations: await loadServiceMigrations(migrationsDir),
    httpRoutes: [serveOpenApiDocument('sorting', sortingOpenApiDocument), createSortingRouter(application)],
    registerGrpc: (server) =>
      registerSortingGrpcService(server, application, (error, context) => logger.error('unexpected error', { ...context, error })),
    readinessChecks: [{ name: 'database', check: async () => void (await db.query('select 1')) }],
    start: () => publisher.start(),
    stop: () => publisher.stop(),
  };
}

/** The sorting service, for `runService` and embedding hosts. */
export const sortingService: ServiceDefinition = { name: 'sorting', create: createSortingModule };
