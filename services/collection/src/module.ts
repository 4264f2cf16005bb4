import {
  createOutboxPublisher,
  loadServiceMigrations,
  serveOpenApiDocument,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { createPgBatchStore } from './adapters/postgres/pg-batch-store.ts';
import { createPgContainerStore } from './adapters/postgres/pg-container-store.ts';
import { registerCollectionGrpcService } from './adapters/grpc/collection-grpc-service.ts';
import { collectionOpenApiDocument } from './adapters/http/collection-openapi.ts';
import { createCollectionRouter } from './adapters/http/collection-routes.ts';
import { COLLECTION_TOPIC, createCollectionOutboxMessages } from './adapters/messaging/collection-outbox-messages.ts';
import { createCollectionApplication } from './app/collection-application.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/**
 * The collection service as a module: its application wired to postgres stores and the protobuf outbox mapping,
 * served over HTTP (with its OpenAPI document) and gRPC, with the outbox relay as its background work. Hosted by
 * `main.ts` (its own process), the embedded `npm start`, or a test.
 */
export async function createCollectionModule(dependencies: ServiceDependencies): Promise<ServiceModule> {
  const { db, logger } = dependencies;
  const topic = dependencies.topic ?? COLLECTION_TOPIC;
  const application = createCollectionApplication({
    db,
    stores: { containers: createPgContainerStore(), batches: createPgBatchStore() },
    toMessage: createCollectionOutboxMessages(topic),
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
    name: 'collection',
    migrations: await loadServiceMigrations(migrationsDir),
    httpRoutes: [serveOpenApiDocument('collection', collectionOpenApiDocument), createCollectionRouter(application)],
    registerGrpc: (server) =>
      registerCollectionGrpcService(server, application, (error, context) =>
        logger.error('unexpected error', { ...context, error }),
      ),
    readinessChecks: [{ name: 'database', check: async () => void (await db.query('select 1')) }],
    start: () => publisher.start(),
    stop: () => publisher.stop(),
  };
}

/** The collection service, for `runService` and embedding hosts. */
export const collectionService: ServiceDefinition = { name: 'collection', create: createCollectionModule };
