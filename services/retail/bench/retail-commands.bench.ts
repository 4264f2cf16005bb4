// Commands per second of the retail service under concurrent HTTP load, on this machine's real PostgreSQL and Kafka:
// node services/retail/bench/retail-commands.bench.ts (BENCH_LOTS, BENCH_CONCURRENCY, BENCH_HOT to change).
// The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
import { randomBytes } from 'node:crypto';
import { createPgDb } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { startServiceModule } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { createRetailModule } from '../src/module.ts';

const lots = Number(process.env['BENCH_LOTS'] ?? 4_000);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const hotCommands = Number(process.env['BENCH_HOT'] ?? 2_000);
const runId = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

const kafkaInfra = await resolveKafka();
const postgresInfra = await resolvePostgres();
await waitForKafka(kafkaInfra.address);
const admin = new pg.Client({ connectionString: postgresInfra.address });
await admin.connect();
await admin.query(`create database ${runId}`);
const url = new URL(postgresInfra.address);
url.pathname = `/${runId}`;

const db = createPgDb({ connectionString: url.toString(), schema: 'retail', maxConnections: 20 });
const eventLog = createKafkaEventLog({ brokers: kafkaInfra.address.split(','), clientId: 'retail-bench' });
const topic = `${runId}.retail`;
const module = await createRetailModule({ db, eventLog, logger: createLogger('retail', { level: 'warn' }), topic });
const service = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
// Twenty lots per store: a store's stock is one aggregate, so commands on one store serialise on its version.
const stores = Math.max(1, Math.floor(lots / 20));
console.log(`Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}`);
console.log(`lots: ${lots.toLocaleString('en')} over ${stores} stores, concurrent clients: ${concurrency}\n`);

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
  console.log(`${name.padEnd(50)} ${String(Math.round(count / seconds)).padStart(6)} commands/s  (${byStatus})`);
}

const storeOf = (lot: number): string => `S-${lot % stores}`;
const sale = (index: number) => ({
  saleId: `SALE-${index}`,
  storeId: storeOf(index),
  lotId: `L-${index}`,
  grams: 100_000,
  items: 250,
  revenueCents: 125_000,
  soldAt: '2026-03-03T14:30:00+01:00',
});

await phase('receive lots (id derived from the dispatch)', lots, (index) =>
  post('/v1/retail/receipts', {
    lotId: `L-${index}`,
    storeId: storeOf(index),
    grams: 1_000_000,
    receivedAt: '2026-03-02T09:00:00+01:00',
    deliveryId: `DSP-${index}`,
  }),
);
await phase('sell items (one sale per lot)', lots, (index) => post('/v1/retail/sales', sale(index)));
await phase('donate items (one donation per lot)', lots, (index) =>
  post('/v1/retail/donations', {
    donationId: `DON-${index}`,
    storeId: storeOf(index),
    lotId: `L-${index}`,
    grams: 50_000,
    programme: 'Kledingbank Deventer',
    donatedAt: '2026-03-04T11:00:00+01:00',
  }),
);
await phase('return lots (one return per lot, to a centre)', lots, (index) =>
  post('/v1/retail/returns', {
    returnId: `RET-${index}`,
    storeId: storeOf(index),
    lotId: `L-${index}`,
    grams: 200_000,
    destination: { kind: 'centre', id: 'SC-DEVENTER' },
    returnedAt: '2026-03-05T16:00:00+01:00',
  }),
);
await phase('replay sales (idempotent, 200)', lots, (index) => post('/v1/retail/sales', sale(index)));
// Store S-0 holds lots 0, stores, 2 * stores, ...: every command below waits its turn on that one store's version.
const hotLots = Math.ceil(lots / stores);
await phase('sell 1 g each at one hot store (contention)', hotCommands, (index) =>
  post('/v1/retail/sales', {
    saleId: `SALE-HOT-${index}`,
    storeId: 'S-0',
    lotId: `L-${(index % hotLots) * stores}`,
    grams: 1,
    items: 1,
    soldAt: '2026-03-06T12:00:00+01:00',
  }),
);
await phase('sell 1 g each of one hot lot (contention)', hotCommands, (index) =>
  post('/v1/retail/sales', {
    saleId: `SALE-HOTLOT-${index}`,
    storeId: 'S-0',
    lotId: 'L-0',
    grams: 1,
    items: 1,
    soldAt: '2026-03-06T13:00:00+01:00',
  }),
);

const drainStarted = performance.now();
const backlog = Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox where sent_at is null`)).rows[0]?.n);
const outboxRows = Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox`)).rows[0]?.n);
await service.stop();
console.log(
  `\noutbox: ${outboxRows.toLocaleString('en')} events, backlog at the end of the load: ${backlog}; ` +
    `drained in ${Math.round(performance.now() - drainStarted)} ms`,
);

await eventLog.close();
await db.close();
await admin.query(`drop database ${runId} with (force)`);
await admin.end();
