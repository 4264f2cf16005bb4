import { eventCatalogue } from '@vezel/contracts';
import { defineChainService } from '@vezel/service-kit';
import { createRecyclingOutboxMessages } from './adapters/messaging/recycling-outbox-messages.ts';
import { createPgProcessorStockStore } from './adapters/postgres/pg-processor-stock-store.ts';
import { createPgRecyclingRecords } from './adapters/postgres/pg-recycling-records.ts';
import { findTakenNodeIds } from './adapters/postgres/pg-taken-node-ids.ts';
import { recyclingApi } from './adapters/recycling-api.ts';
import { createRecyclingApplication } from './app/recycling-application.ts';

/**
 * The recycling service: its application over the postgres processor-stock store, records and node-id check and the
 * protobuf outbox mapping, serving its declared API. Hosted by `main.ts` (its own process), the embedded
 * `npm start`, or a test.
 */
const recycling = defineChainService({
  api: recyclingApi,
  defaultTopic: eventCatalogue.recycling.topic,
  migrationsDir: new URL('../migrations/', import.meta.url),
  createApplication: ({ db, topic, clockOption }) =>
    createRecyclingApplication({
      db,
      stores: { stock: createPgProcessorStockStore(), takenNodeIds: findTakenNodeIds },
      records: createPgRecyclingRecords(),
      toMessage: createRecyclingOutboxMessages(topic),
      ...clockOption,
    }),
});

/** The recycling service as a module, for hosts that assemble their own process. */
export const createRecyclingModule = recycling.createModule;

/** The recycling service, for `runService` and embedding hosts. */
export const recyclingService = recycling.definition;
