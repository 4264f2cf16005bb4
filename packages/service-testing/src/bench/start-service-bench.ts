import { randomBytes } from 'node:crypto';
import { createOperatorKey, openAccessControl, type AccessControl } from '@vezel/access';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { startServiceModule, type ServiceDefinition } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { formatPhaseFigures, runLoadPhase } from './run-load-phase.ts';

/** Posts a JSON body (with the API key, when given), reads the whole response, and returns its status. */
function postTo(baseUrl: string, apiKey?: string): (path: string, body: unknown) => Promise<number> {
  return async (path, body) => {
    const response = await fetch(baseUrl + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
      },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  };
}

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
  /**
   * The cost of authentication, in the same run: the same commands (repeats of ones already executed, so both sides
   * do the same work) sent to the service without access control and then with it, and the difference printed.
   */
  readonly authenticationCost: (
    name: string,
    count: number,
    send: (index: number, post: (path: string, body: unknown) => Promise<number>) => Promise<number>,
  ) => Promise<void>;
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
  // The service as production runs it (every command authenticated with the operator's key), and beside it the same
  // service on the same database without access control, for the authentication cost.
  const accessDb = createPgDb({ connectionString: url.toString(), schema: 'access', maxConnections: 10 });
  const { directory, control } = await openAccessControl(accessDb, {
    mode: 'enabled',
    schema: 'access',
    bearerTokens: undefined,
  });
  const apiKey = (await createOperatorKey(directory)).token;
  const create = (access?: AccessControl) =>
    options.definition.create({
      db,
      eventLog,
      logger: createLogger(name, { level: 'warn' }),
      topic,
      ...(access === undefined ? {} : { access }),
    });
  const service = await startServiceModule(await create(control), { db, httpPort: 0, grpcPort: 0 });
  const open = await startServiceModule(await create(), { db, httpPort: 0, grpcPort: 0 });
  console.log(`Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}`);

  const count = async (where: string): Promise<number> =>
    Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox ${where}`)).rows[0]?.n);

  return {
    db,
    concurrency,
    post: postTo(service.http.url, apiKey),
    phase: async (phaseName, phaseCount, send) => {
      const figures = await runLoadPhase({ name: phaseName, count: phaseCount, send }, concurrency);
      console.log(formatPhaseFigures(figures, options.nameWidth));
    },
    authenticationCost: async (phaseName, phaseCount, send) => {
      const without = await runLoadPhase(
        {
          name: `${phaseName}, no access control`,
          count: phaseCount,
          send: (index) => send(index, postTo(open.http.url)),
        },
        concurrency,
      );
      const withKey = await runLoadPhase(
        {
          name: `${phaseName}, API key checked`,
          count: phaseCount,
          send: (index) => send(index, postTo(service.http.url, apiKey)),
        },
        concurrency,
      );
      console.log(formatPhaseFigures(without, options.nameWidth));
      console.log(formatPhaseFigures(withKey, options.nameWidth));
      // With `concurrency` clients always waiting, a command's time is concurrency / throughput.
      const addedMs = (concurrency / withKey.commandsPerSecond - concurrency / without.commandsPerSecond) * 1000;
      console.log(
        `${'authentication adds, per command'.padEnd(options.nameWidth)} ${addedMs.toFixed(2).padStart(6)} ms`,
      );
    },
    async finish() {
      const drainStarted = performance.now();
      const backlog = await count('where sent_at is null');
      const outboxRows = await count('');
      await service.stop();
      await open.stop();
      await accessDb.close();
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
