// Commands per second of the collection service under concurrent HTTP load, on this machine's real PostgreSQL and
// Kafka: node services/collection/bench/collection-commands.bench.ts (BENCH_BATCHES, BENCH_CONCURRENCY to change).
// The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
import { randomBytes } from 'node:crypto';
import { createPgDb } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { startServiceModule } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { createCollectionModule } from '../src/module.ts';

const batches = Number(process.env['BENCH_BATCHES'] ?? 4_000);
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

const db = createPgDb({ connectionString: url.toString(), schema: 'collection', maxConnections: 20 });
const eventLog = createKafkaEventLog({ brokers: kafkaInfra.address.split(','), clientId: 'collection-bench' });
const topic = `${runId}.collection`;
const module = await createCollectionModule({ db, eventLog, logger: createLogger('collection', { level: 'warn' }), topic });
const service = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
console.log(`Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}`);
console.log(`batches: ${batches.toLocaleString('en')}, concurrent clients: ${concurrency}\n`);

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
  console.log(`${name.padEnd(44)} ${String(Math.round(count / seconds)).padStart(6)} commands/s  (${byStatus})`);
}

const containers = Math.max(1, Math.floor(batches / 20));
await phase('register containers', containers, (index) =>
  post('/v1/collection/containers', { containerId: `C-${index}`, municipality: 'GM0150', channel: 'street-container' }),
);
await phase('collect batches', batches, (index) =>
  post('/v1/collection/batches', {
    batchId: `B-${index}`,
    containerId: `C-${index % containers}`,
    grams: 1_000_000,
    collectedAt: '2026-03-02T07:30:00Z',
  }),
);
await phase('ship batches (one shipment per batch)', batches, (index) =>
  post(`/v1/collection/batches/B-${index}/shipments`, {
    shipmentId: `S-${index}`,
    centreId: 'SC-DEVENTER',
    grams: 500_000,
    shippedAt: '2026-03-02T11:00:00Z',
  }),
);
await phase('replay shipments (idempotent, 200)', batches, (index) =>
  post(`/v1/collection/batches/B-${index}/shipments`, {
    shipmentId: `S-${index}`,
    centreId: 'SC-DEVENTER',
    grams: 500_000,
    shippedAt: '2026-03-02T11:00:00Z',
  }),
);
await phase('ship 1 g each onto 8 hot batches (contention)', 2_000, (index) =>
  post(`/v1/collection/batches/B-${index % 8}/shipments`, {
    shipmentId: `S-HOT-${index}`,
    centreId: 'SC-DEVENTER',
    grams: 1,
    shippedAt: '2026-03-02T12:00:00Z',
  }),
);

const drainStarted = performance.now();
const backlog = Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox where sent_at is null`)).rows[0]?.n);
await service.stop();
console.log(`\noutbox backlog at the end of the load: ${backlog}; drained in ${Math.round(performance.now() - drainStarted)} ms`);

await eventLog.close();
await db.close();
await admin.query(`drop database ${runId} with (force)`);
await admin.end();
