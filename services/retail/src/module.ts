import { eventCatalogue } from '@vezel/contracts';
import { defineChainService } from '@vezel/service-kit';
import { createRetailOutboxMessages } from './adapters/messaging/retail-outbox-messages.ts';
import { createPgRetailRecords } from './adapters/postgres/pg-retail-records.ts';
import { createPgStoreStockStore } from './adapters/postgres/pg-store-stock-store.ts';
import { retailApi } from './adapters/retail-api.ts';
import { createRetailApplication } from './app/retail-application.ts';

/**
 * The retail service: its application over the postgres store-stock store and records and the protobuf outbox
 * mapping, serving its declared API. Hosted by `main.ts` (its own process), the embedded `npm start`, or a test.
 */
const retail = defineChainService({
  api: retailApi,
  defaultTopic: eventCatalogue.retail.topic,
  migrationsDir: new URL('../migrations/', import.meta.url),
  createApplication: ({ db, topic, clockOption }) =>
    createRetailApplication({
      db,
      stores: { stocks: createPgStoreStockStore() },
      records: createPgRetailRecords(),
      toMessage: createRetailOutboxMessages(topic),
      ...clockOption,
    }),
});

/** The retail service as a module, for hosts that assemble their own process. */
export const createRetailModule = retail.createModule;

/** The retail service, for `runService` and embedding hosts. */
export const retailService = retail.definition;
