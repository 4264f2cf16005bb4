import {
  assembleServiceModule,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { createPgBatchStore } from './adapters/postgres/pg-batch-store.ts';
import { createPgContainerStore } from './adapters/postgres/pg-container-store.ts';
import { COLLECTION_TOPIC, createCollectionOutboxMessages } from './adapters/messaging/collection-outbox-messages.ts';
import { collectionApi } from './adapters/collection-api.ts';
import { createCollectionApplication } from './app/collection-application.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/**
 * The collection service as a module: its application wired to postgres stores and the protobuf outbox mapping,
 * served over HTTP (with its OpenAPI document) and gRPC, with the outbox relay as its background work. Hosted by
 * `main.ts` (its own process), the embedded `npm start`, or a test.
 */
export async function createCollectionModule(dependencies: ServiceDependencies): Promise<ServiceModule> {
  const { db } = dependencies;
  const topic = dependencies.topic ?? COLLECTION_TOPIC;
  const application = createCollectionApplication({
    db,
    stores: { containers: createPgContainerStore(), batches: createPgBatchStore() },
    toMessage: createCollectionOutboxMessages(topic),
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
  });
  return assembleServiceModule({
    api: collectionApi,
    application,
    dependencies,
    topic,
    migrationsDir,
  });
}

/** The collection service, for `runService` and embedding hosts. */
export const collectionService: ServiceDefinition = { name: 'collection', create: createCollectionModule };
