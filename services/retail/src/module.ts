import {
  assembleServiceModule,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { registerRetailGrpcService } from './adapters/grpc/retail-grpc-service.ts';
import { retailOpenApiDocument } from './adapters/http/retail-openapi.ts';
import { createRetailRouter } from './adapters/http/retail-routes.ts';
import { createRetailOutboxMessages, RETAIL_TOPIC } from './adapters/messaging/retail-outbox-messages.ts';
import { createPgRetailRecords } from './adapters/postgres/pg-retail-records.ts';
import { createPgStoreStockStore } from './adapters/postgres/pg-store-stock-store.ts';
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
    name: 'retail',
    dependencies,
    topic,
    migrationsDir,
    openApiDocument: retailOpenApiDocument,
    router: createRetailRouter(application),
    registerGrpc: (server, reportUnexpectedError) =>
      registerRetailGrpcService(server, application, reportUnexpectedError),
  });
}

/** The retail service, for `runService` and embedding hosts. */
export const retailService: ServiceDefinition = { name: 'retail', create: createRetailModule };
