// Commands per second of the sorting service under concurrent HTTP load, on this machine's real PostgreSQL and
// Kafka: node services/sorting/bench/sorting-commands.bench.ts (BENCH_BATCHES, BENCH_CENTRES, BENCH_CONCURRENCY to
// change). The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
// Every command at a centre serialises on that centre's stock, so the figures depend on how many centres share the load.
import { randomBytes } from 'node:crypto';
import { createPgDb } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { startServiceModule } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { createSortingModule } from '../src/module.ts';

const batches = Number(process.env['BENCH_BATCHES'] ?? 4_000);
const centres = Number(process.env['BENCH_CENTRES'] ?? 8);
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

const db = createPgDb({ connectionString: url.toString(), schema: 'sorting', maxConnections: 20 });
const eventLog = createKafkaEventLog({ brokers: kafkaInfra.address.split(','), clientId: 'sorting-bench' });
const topic = `${runId}.sorting`;
const module = await createSortingModule({ db, eventLog, logger: createLogger('sorting', { level: 'warn' }), topic });
const service = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
console.log(`Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}`);
console.log(`batches: ${batches.toLocaleString('en')}, centres: ${centres}, concurrent clients: ${concurrency}\n`);

async function post(path: string, body: unknown): Promise<number> {
  const response = await fetch(service.http.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends `count` commands from `concurrency` clients and prints commands per second by status. */
async function phase(name: string, count: number, send: (index: number) => Promise<number>): Promise<void> {
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await send(next++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const byStatus = [...statuses].map(([status, n]) => `${n} x ${status}`).join(', ');
  console.log(`${name.padEnd(58)} ${String(Math.round(count / seconds)).padStart(6)} commands/s  (${byStatus})`);
}

const centreOf = (index: number): string => `SC-${index % centres}`;
const receipt = (index: number) => ({
  receiptId: `R-${index}`,
  nodeId: `B-${index}`,
  centreId: centreOf(index),
  grams: 10_000,
  receivedAt: '2026-03-02T09:00:00Z',
  deliveryId: `S-${index}`,
});
const dispatch = (index: number) => ({
  dispatchId: `D-${index}`,
  grams: 2_000,
  destination: { kind: 'store', id: 'ST-DEVENTER-1' },
  transportKm: 4.2,
  dispatchedAt: '2026-03-03T08:00:00Z',
});

await phase(`receive batches (${centres} centres)`, batches, (index) => post('/v1/sorting/receipts', receipt(index)));
await phase(`sort batches (one run per batch, 2 lots each)`, batches, (index) =>
  post('/v1/sorting/runs', {
    runId: `RUN-${index}`,
    centreId: centreOf(index),
    inputs: [{ nodeId: `B-${index}`, grams: 10_000 }],
    outputs: [
      { lotId: `L-${index}-a`, fraction: 'reuse.creme', grams: 6_000 },
      { lotId: `L-${index}-b`, fraction: 'recycling.wipers', grams: 3_500 },
    ],
    lossGrams: 500,
    completedAt: '2026-03-02T15:00:00Z',
  }),
);
await phase('dispatch lots (one dispatch per lot)', batches, (index) => post(`/v1/sorting/lots/L-${index}-a/dispatches`, dispatch(index)));
await phase('replay dispatches (idempotent, 200)', batches, (index) => post(`/v1/sorting/lots/L-${index}-a/dispatches`, dispatch(index)));
await phase('receive onto one centre (contention)', 2_000, (index) =>
  post('/v1/sorting/receipts', { ...receipt(batches + index), centreId: 'SC-HOT' }),
);
await phase('dispatch 1 g each from 8 lots of one centre (contention)', 2_000, (index) =>
  post(`/v1/sorting/lots/L-${(index % 8) * centres}-b/dispatches`, { ...dispatch(index), dispatchId: `D-HOT-${index}`, grams: 1 }),
);

const drainStarted = performance.now();
const backlog = Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox where sent_at is null`)).rows[0]?.n);
await service.stop();
console.log(`\noutbox backlog at the end of the load: ${backlog}; drained in ${Math.round(performance.now() - drainStarted)} ms`);

await eventLog.close();
await db.close();
await admin.query(`drop database ${runId} with (force)`);
await admin.end();
