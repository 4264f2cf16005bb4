import { readFile } from 'node:fs/promises';
import { openAccessControl, type AccessControl } from '@vezel/access';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, createPostgresEventLog, type EventLog } from '@vezel/messaging';
import { createLogger, startTelemetry } from '@vezel/telemetry';
import { logRequests } from './log-requests.ts';
import { measureRequests } from './measure-requests.ts';
import { checkKafkaAtStart } from './check-kafka-at-start.ts';
import { readServiceConfig, type ServiceConfig } from './service-config.ts';
import type { ServiceDefinition } from './service-module.ts';
import { startServiceModule, type RunningServiceModule } from './start-service-module.ts';

/** Options of {@link runService}; a service's `main.ts` passes none. */
export interface RunServiceOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Signals that shut the service down gracefully. Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
}

/** A service process up and serving. */
export interface RunningService {
  readonly config: ServiceConfig;
  readonly service: RunningServiceModule;
  /** What the signals trigger: stop intake, drain the relay, close connections, flush telemetry. */
  shutdown(reason: string): Promise<void>;
}

// After a clean shutdown nothing should keep the process alive; if a library still holds a handle, leave anyway.
const exitGraceMs = 2_000;

/**
 * The composition root of a service process, all of `main.ts`: validates the configuration (failing fast with
 * the variables' names), starts telemetry, connects PostgreSQL (the service's own schema) and the event log
 * (Kafka, or the PostgreSQL log), creates the module, checks that its topics exist where the operator provisions
 * them (`KAFKA_CREATE_TOPICS=false`), applies its migrations, serves HTTP and gRPC, starts the outbox relay, and on
 * SIGTERM / SIGINT shuts down in the order that loses nothing.
 *
 * Run it as `node --import @vezel/telemetry/register services/<name>/src/main.ts` so the instrumentation hooks
 * are in place before express, pg and grpc load.
 */
export async function runService(
  definition: ServiceDefinition,
  options: RunServiceOptions = {},
): Promise<RunningService> {
  const env = options.env ?? process.env;
  const config = readServiceConfig(definition.name, env);
  const serviceVersion = env['VEZEL_VERSION'];
  const telemetry = await startTelemetry({
    serviceName: definition.name,
    ...(serviceVersion === undefined ? {} : { serviceVersion }),
  });
  const logger = createLogger(definition.name);
  const db = createPgDb({
    connectionString: config.databaseUrl,
    schema: config.databaseSchema,
    applicationName: `vezel-${definition.name}`,
  });
  let eventLogDb: Db | undefined;
  let eventLog: EventLog | undefined;
  let accessDb: Db | undefined;
  const closeConnections = async (): Promise<void> => {
    await eventLog?.close();
    await eventLogDb?.close();
    await accessDb?.close();
    await db.close();
  };

  let service: RunningServiceModule;
  try {
    if (config.eventTransport === 'kafka') {
      eventLog = createKafkaEventLog({
        brokers: config.kafkaBrokers,
        clientId: `vezel-${definition.name}`,
        logger,
        sessionTimeoutMs: config.kafkaSessionTimeoutMs,
        defaultPartitions: config.kafkaTopics.partitions,
        createTopics: config.kafkaTopics.create,
        ...(config.kafkaTopics.replicationFactor === undefined
          ? {}
          : { replicationFactor: config.kafkaTopics.replicationFactor }),
        ...(config.kafkaSecurity.sasl === undefined ? {} : { sasl: config.kafkaSecurity.sasl }),
        ...(config.kafkaSecurity.tls === undefined
          ? {}
          : {
              tls:
                config.kafkaSecurity.tls === true
                  ? true
                  : { ca: await readFile(config.kafkaSecurity.tls.caFile, 'utf8') },
            }),
      });
    } else {
      eventLogDb = createPgDb({ connectionString: config.databaseUrl, schema: config.eventLogSchema });
      eventLog = await createPostgresEventLog({ db: eventLogDb });
    }
    let access: AccessControl | undefined;
    if (config.access.mode === 'enabled') {
      accessDb = createPgDb({
        connectionString: config.databaseUrl,
        schema: config.access.schema,
        applicationName: `vezel-${definition.name}-access`,
        maxConnections: 4,
      });
      access = (await openAccessControl(accessDb, config.access)).control;
    } else {
      logger.warn('AUTH=disabled: every caller may record and read anything; never run a shared service like this', {
        auth: 'disabled',
      });
    }
    const module = await definition.create({
      db,
      eventLog,
      logger,
      ...(access === undefined ? {} : { access }),
      drainTimeoutMs: config.drainTimeoutMs,
      schema: config.databaseSchema,
      databaseUrl: config.databaseUrl,
      openSchema: (schema, options = {}) =>
        createPgDb({
          connectionString: config.databaseUrl,
          schema,
          applicationName: `vezel-${definition.name}`,
          ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
        }),
      ...(config.eventTopic === undefined ? {} : { topic: config.eventTopic }),
    });
    // Stop now, before listening, on what only an operator can fix: with topic creation off a missing topic, and with
    // credentials or TLS a broker that refuses them. Otherwise (creation on, no credentials) the relay creates the
    // topics before its first publish whenever Kafka is there, and start-up does not wait for the broker.
    const { kafkaSecurity } = config;
    if (
      config.eventTransport === 'kafka' &&
      (!config.kafkaTopics.create || kafkaSecurity.sasl !== undefined || kafkaSecurity.tls !== undefined)
    ) {
      await checkKafkaAtStart(eventLog, module.publishesTo ?? [], logger);
    }
    const tls =
      config.tls === undefined
        ? {}
        : { tls: { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) } };
    service = await startServiceModule(module, {
      db,
      ...tls,
      httpPort: config.httpPort,
      grpcPort: config.grpcPort,
      grpcReflection: config.grpcReflection,
      shutdownDelayMs: config.shutdownDelayMs,
      host: config.host,
      extraRoutes: [measureRequests(), logRequests(logger)],
      reportUnexpectedError: (error, context) => logger.error('unexpected error', { ...context, error }),
    });
  } catch (error) {
    logger.error('start-up failed', { error });
    await closeConnections().catch(() => undefined);
    await telemetry.shutdown();
    throw error;
  }
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      for (const signal of signals) process.off(signal, onSignal);
      logger.info('shutting down', { reason });
      try {
        await service.stop();
        await closeConnections();
        logger.info('stopped');
      } catch (error) {
        logger.error('shutdown failed', { error });
        process.exitCode = 1;
      } finally {
        await telemetry.shutdown();
      }
    })();
    return shuttingDown;
  };
  function onSignal(signal: NodeJS.Signals): void {
    void shutdown(signal).then(() => setTimeout(() => process.exit(), exitGraceMs).unref());
  }
  for (const signal of signals) process.once(signal, onSignal);
  // Said only once the signals are handled: whoever waits for this line may stop the process at once, and a SIGTERM
  // that came before the handlers would end it without draining (the operating system's default).
  logger.info('listening', {
    httpPort: service.http.port,
    grpcPort: service.grpc.port,
    eventTransport: config.eventTransport,
    schema: config.databaseSchema,
    auth: config.access.mode,
    tls: config.tls !== undefined,
  });
  return { config, service, shutdown };
}
