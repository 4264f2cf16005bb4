import {
  assembleServiceModule,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { SORTING_TOPIC, createSortingOutboxMessages } from './adapters/messaging/sorting-outbox-messages.ts';
import { createPgCentreStockStore } from './adapters/postgres/pg-centre-stock-store.ts';
import { createPgSortingQueries } from './adapters/postgres/pg-sorting-queries.ts';
import { sortingApi } from './adapters/sorting-api.ts';
import { createSortingApplication } from './app/sorting-application.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/**
 * The sorting service as a module: its application wired to postgres stores and the protobuf outbox mapping,
 * served over HTTP (with its OpenAPI document) and gRPC, with the outbox relay as its background work. Hosted by
 * `main.ts` (its own process), the embedded `npm start`, or a test.
 */
export async function createSortingModule(dependencies: ServiceDependencies): Promise<ServiceModule> {
  const { db } = dependencies;
  const topic = dependencies.topic ?? SORTING_TOPIC;
  const application = createSortingApplication({
    db,
    stores: { centres: createPgCentreStockStore() },
    queries: createPgSortingQueries(),
    toMessage: createSortingOutboxMessages(topic),
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
  });
  return assembleServiceModule({
    api: sortingApi,
    application,
    dependencies,
    topic,
    migrationsDir,
  });
}

/** The sorting service, for `runService` and embedding hosts. */
export const sortingService: ServiceDefinition = { name: 'sorting', create: createSortingModule };
