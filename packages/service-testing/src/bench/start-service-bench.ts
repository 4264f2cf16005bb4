import { randomBytes } from 'node:crypto';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { startServiceModule, type ServiceDefinition } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { formatPhaseFigures, runLoadPhase } from './run-load-phase.ts';

/** Which service to load, and how the figures table is laid out. */
export interface ServiceBenchOptions {
  readonly definition: ServiceDefinition;
  /** The schema the service owns. Default its name. */
  readonly schema?: string;
  /** Width of the phase-name column: the longest phase name. */
  readonly nameWidth: number;
}

/** A service running in this process on a fresh database and topic, with concurrent HTTP clients to load it. */
export interface ServiceBench {
  readonly db: Db;
  /** Concurrent clients per phase: `BENCH_CONCURRENCY`, default 32. */
  readonly concurrency: number;
  /** Posts a JSON body, reads the whole response, and returns its status. Needs no `this`: may be destructured. */
  readonly post: (path: string, body: unknown) => Promise<number>;
  /** Sends `count` commands from `concurrency` clients and prints commands per second by status. May be destructured. */
  readonly phase: (name: string, count: number, send: (index: number) => Promise<number>) => Promise<void>;
  /** Prints the outbox backlog and how long the drain at stop took, then stops and drops the database. */
  finish(): Promise<void>;
}

/**
 * Starts a service's module on this machine's real PostgreSQL (a database of its own, dropped by `finish`) and
 * Kafka, as the embedded host would run it, with HTTP on a free port, and prints where the infrastructure is.
 */
export async function startServiceBench(options: ServiceBenchOptions): Promise<ServiceBench> {
  const { name } = options.definition;
  const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
  const runId = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

  const kafkaInfra = await resolveKafka();
  const postgresInfra = await resolvePostgres();
  await waitForKafka(kafkaInfra.address);
  const admin = new pg.Client({ connectionString: postgresInfra.address });
  await admin.connect();
  await admin.query(`create database ${runId}`);
  const url = new URL(postgresInfra.address);
  url.pathname = `/${runId}`;

  const db = createPgDb({ connectionString: url.toString(), schema: options.schema ?? name, maxConnections: 20 });
  const eventLog = createKafkaEventLog({ brokers: kafkaInfra.address.split(','), clientId: `${name}-bench` });
  const topic = `${runId}.${name}`;
  const module = await options.definition.create({
    db,
    eventLog,
    logger: createLogger(name, { level: 'warn' }),
    topic,
  });
  const service = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
  console.log(`Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}`);

  const count = async (where: string): Promise<number> =>
    Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox ${where}`)).rows[0]?.n);

  return {
    db,
    concurrency,
    post: async (path, body) => {
      const response = await fetch(service.http.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.status;
    },
    phase: async (phaseName, phaseCount, send) => {
      const figures = await runLoadPhase({ name: phaseName, count: phaseCount, send }, concurrency);
      console.log(formatPhaseFigures(figures, options.nameWidth));
    },
    async finish() {
      const drainStarted = performance.now();
      const backlog = await count('where sent_at is null');
      const outboxRows = await count('');
      await service.stop();
      console.log(
        `\noutbox: ${outboxRows.toLocaleString('en')} events, backlog at the end of the load: ${backlog}; ` +
          `drained in ${Math.round(performance.now() - drainStarted)} ms`,
      );
      await eventLog.close();
      await db.close();
      await admin.query(`drop database ${runId} with (force)`);
      await admin.end();
    },
  };
}
