import {
  assembleServiceModule,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { createRetailOutboxMessages, RETAIL_TOPIC } from './adapters/messaging/retail-outbox-messages.ts';
import { createPgRetailRecords } from './adapters/postgres/pg-retail-records.ts';
import { createPgStoreStockStore } from './adapters/postgres/pg-store-stock-store.ts';
import { retailApi } from './adapters/retail-api.ts';
import { createRetailApplication } from './app/retail-application.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/**
 * The retail service as a module: its application wired to the postgres stock store and records and the protobuf
 * outbox mapping, served over HTTP (with its OpenAPI document) and gRPC, with the outbox relay as its background
 * work. Hosted by `main.ts` (its own process), the embedded `npm start`, or a test.
 */
export async function createRetailModule(dependencies: ServiceDependencies): Promise<ServiceModule> {
  const { db } = dependencies;
  const topic = dependencies.topic ?? RETAIL_TOPIC;
  const application = createRetailApplication({
    db,
    stores: { stocks: createPgStoreStockStore() },
    records: createPgRetailRecords(),
    toMessage: createRetailOutboxMessages(topic),
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
  });
  return assembleServiceModule({
    api: retailApi,
    application,
    dependencies,
    topic,
    migrationsDir,
  });
}

/** The retail service, for `runService` and embedding hosts. */
export const retailService: ServiceDefinition = { name: 'retail', create: createRetailModule };
