import type { AccessControl } from '@vezel/access';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import { startServiceModule, type RunningServiceModule, type ServiceDefinition } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicName } from '@vezel/testing';

/** One write-side service running in this process: its HTTP base URL and the topic it publishes to. */
export interface RunningChainService {
  readonly name: string;
  readonly url: string;
  /** `127.0.0.1:port` of its gRPC server. */
  readonly grpcAddress: string;
  readonly topic: string;
}

/** The four chain services, each with its own database, publishing to their own fresh topics on the real broker. */
export interface RunningChain {
  readonly services: Readonly<Record<string, RunningChainService>>;
  /** Each service's own database, by service name. */
  readonly databaseUrls: Readonly<Record<string, string>>;
  readonly eventLog: EventLog;
  stop(): Promise<void>;
}

/** Starts every service definition as production wires it (migrations, relay, HTTP + gRPC on loopback ports). */
export async function startChain(
  definitions: readonly ServiceDefinition[],
  options: { readonly access?: AccessControl } = {},
): Promise<RunningChain> {
  const eventLog = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'chain-e2e' });
  const running: { module: RunningServiceModule; db: Db }[] = [];
  const services: Record<string, RunningChainService> = {};
  const databaseUrls: Record<string, string> = {};
  for (const definition of definitions) {
    const databaseUrl = await createTestDatabase(definition.name);
    databaseUrls[definition.name] = databaseUrl;
    // Each in the schema named after it, as `runService` hosts it (the ledger rebuilds into a fresh schema, then swaps).
    const db = createPgDb({ connectionString: databaseUrl, schema: definition.name });
    const topic = uniqueTopicName(definition.name);
    // Services create their topic on first publish; observers may subscribe before that.
    await eventLog.ensureTopics([{ name: topic }]);
    const module = await definition.create({
      db,
      eventLog,
      topic,
      logger: createLogger(definition.name, { level: 'warn' }),
      schema: definition.name,
      openSchema: (schema) => createPgDb({ connectionString: databaseUrl, schema }),
      databaseUrl,
      ...(options.access === undefined ? {} : { access: options.access }),
    });
    const served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
    running.push({ module: served, db });
    services[definition.name] = {
      name: definition.name,
      url: served.http.url,
      grpcAddress: `127.0.0.1:${served.grpc.port}`,
      topic,
    };
  }
  return {
    services,
    databaseUrls,
    eventLog,
    async stop() {
      for (const { module, db } of running.reverse()) {
        await module.stop();
        await db.close();
      }
      await eventLog.close();
    },
  };
}
