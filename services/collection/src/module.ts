import { eventCatalogue } from '@vezel/contracts';
import { defineChainService } from '@vezel/service-kit';
import { collectionApi } from './adapters/collection-api.ts';
import { createCollectionOutboxMessages } from './adapters/messaging/collection-outbox-messages.ts';
import { createPgBatchStore } from './adapters/postgres/pg-batch-store.ts';
import { createPgContainerStore } from './adapters/postgres/pg-container-store.ts';
import { createCollectionApplication } from './app/collection-application.ts';

/**
 * The collection service: its application over the postgres container and batch stores and the protobuf outbox
 * mapping, serving its declared API. Hosted by `main.ts` (its own process), the embedded `npm start`, or a test.
 */
const collection = defineChainService({
  api: collectionApi,
  defaultTopic: eventCatalogue.collection.topic,
  migrationsDir: new URL('../migrations/', import.meta.url),
  createApplication: ({ db, topic, clockOption }) =>
    createCollectionApplication({
      db,
      stores: { containers: createPgContainerStore(), batches: createPgBatchStore() },
      toMessage: createCollectionOutboxMessages(topic),
      ...clockOption,
    }),
});

/** The collection service as a module, for hosts that assemble their own process. */
export const createCollectionModule = collection.createModule;

/** The collection service, for `runService` and embedding hosts. */
export const collectionService = collection.definition;
