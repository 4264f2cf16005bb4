import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import { startServiceModule, type RunningServiceModule, type ServiceDefinition } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicName } from '@vezel/testing';

/** One write-side service running in this process: its HTTP base URL and the topic it publishes to. */
export interface RunningChainService {
  readonly name: string;
  readonly url: string;
  readonly topic: string;
}

/** The four chain services, each with its own database, publishing to their own fresh topics on the real broker. */
export interface RunningChain {
  readonly services: Readonly<Record<string, RunningChainService>>;
  readonly eventLog: EventLog;
  stop(): Promise<void>;
}

/** Starts every service definition as production wires it (migrations, relay, HTTP + gRPC on loopback ports). */
export async function startChain(definitions: readonly ServiceDefinition[]): Promise<RunningChain> {
  const eventLog = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'chain-e2e' });
  const running: { module: RunningServiceModule; db: Db }[] = [];
  const services: Record<string, RunningChainService> = {};
  for (const definition of definitions) {
    const db = createPgDb({ connectionString: await createTestDatabase(definition.name) });
    const topic = uniqueTopicName(definition.name);
    // Services create their topic on first publish; observers may subscribe before that.
    await eventLog.ensureTopics([{ name: topic }]);
    const module = await definition.create({
      db,
      eventLog,
      topic,
      logger: createLogger(definition.name, { level: 'warn' }),
    });
    const served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
    running.push({ module: served, db });
    services[definition.name] = { name: definition.name, url: served.http.url, topic };
  }
  return {
    services,
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
