import { eventCatalogue } from '@vezel/contracts';
import { defineChainService } from '@vezel/service-kit';
import { createSortingOutboxMessages } from './adapters/messaging/sorting-outbox-messages.ts';
import { createPgCentreStockStore } from './adapters/postgres/pg-centre-stock-store.ts';
import { createPgSortingQueries } from './adapters/postgres/pg-sorting-queries.ts';
import { sortingApi } from './adapters/sorting-api.ts';
import { createSortingApplication } from './app/sorting-application.ts';

/**
 * The sorting service: its application over the postgres centre-stock store and queries and the protobuf outbox
 * mapping, serving its declared API. Hosted by `main.ts` (its own process), the embedded `npm start`, or a test.
 */
const sorting = defineChainService({
  api: sortingApi,
  defaultTopic: eventCatalogue.sorting.topic,
  migrationsDir: new URL('../migrations/', import.meta.url),
  createApplication: ({ db, topic, clockOption }) =>
    createSortingApplication({
      db,
      stores: { centres: createPgCentreStockStore() },
      queries: createPgSortingQueries(),
      toMessage: createSortingOutboxMessages(topic),
      ...clockOption,
    }),
});

/** The sorting service as a module, for hosts that assemble their own process. */
export const createSortingModule = sorting.createModule;

/** The sorting service, for `runService` and embedding hosts. */
export const sortingService = sorting.definition;
