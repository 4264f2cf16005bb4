import {
  assembleServiceModule,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { createRecyclingOutboxMessages, RECYCLING_TOPIC } from './adapters/messaging/recycling-outbox-messages.ts';
import { createPgProcessorStockStore } from './adapters/postgres/pg-processor-stock-store.ts';
import { createPgRecyclingRecords } from './adapters/postgres/pg-recycling-records.ts';
import { findTakenNodeIds } from './adapters/postgres/pg-taken-node-ids.ts';
import { recyclingApi } from './adapters/recycling-api.ts';
import { createRecyclingApplication } from './app/recycling-application.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/**
 * The recycling service as a module: its application wired to postgres stores and the protobuf outbox mapping,
 * served over HTTP (with its OpenAPI document) and gRPC, with the outbox relay as its background work. Hosted by
 * `main.ts` (its own process), the embedded `npm start`, or a test.
 */
export async function createRecyclingModule(dependencies: ServiceDependencies): Promise<ServiceModule> {
  const { db } = dependencies;
  const topic = dependencies.topic ?? RECYCLING_TOPIC;
  const application = createRecyclingApplication({
    db,
    stores: { stock: createPgProcessorStockStore(), takenNodeIds: findTakenNodeIds },
    records: createPgRecyclingRecords(),
    toMessage: createRecyclingOutboxMessages(topic),
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
  });
  return assembleServiceModule({
    api: recyclingApi,
    application,
    dependencies,
    topic,
    migrationsDir,
  });
}

/** The recycling service, for `runService` and embedding hosts. */
export const recyclingService: ServiceDefinition = { name: 'recycling', create: createRecyclingModule };
