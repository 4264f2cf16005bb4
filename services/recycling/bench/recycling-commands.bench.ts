// Commands per second of the recycling service under concurrent HTTP load, on this machine's real PostgreSQL and
// Kafka: node services/recycling/bench/recycling-commands.bench.ts (BENCH_LOTS, BENCH_PROCESSORS, BENCH_CONCURRENCY
// to change). The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
// Every command of a processor is decided by that processor's stock, so processors are the unit of parallelism; the
// last phases put every command on one processor to show what a hot aggregate does.
import { randomBytes } from 'node:crypto';
import { createPgDb } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { startServiceModule } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { createRecyclingModule } from '../src/module.ts';

const lots = Number(process.env['BENCH_LOTS'] ?? 4_000);
const processors = Number(process.env['BENCH_PROCESSORS'] ?? 64);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const hotLots = 200;
const hotCommands = 2_000;
const runId = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

const kafkaInfra = await resolveKafka();
const postgresInfra = await resolvePostgres();
await waitForKafka(kafkaInfra.address);
const admin = new pg.Client({ connectionString: postgresInfra.address });
await admin.connect();
await admin.query(`create database ${runId}`);
const url = new URL(postgresInfra.address);
url.pathname = `/${runId}`;

const db = createPgDb({ connectionString: url.toString(), schema: 'recycling', maxConnections: 20 });
const eventLog = createKafkaEventLog({ brokers: kafkaInfra.address.split(','), clientId: 'recycling-bench' });
const topic = `${runId}.recycling`;
const module = await createRecyclingModule({ db, eventLog, logger: createLogger('recycling', { level: 'warn' }), topic });
const service = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
console.log(`Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}`);
console.log(`lots: ${lots.toLocaleString('en')} over ${processors} processors, concurrent clients: ${concurrency}\n`);

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
  console.log(`${name.padEnd(52)} ${String(Math.round(count / seconds)).padStart(6)} commands/s  (${byStatus})`);
}

const processorOf = (lot: number): string => `P-${lot % processors}`;
const receipt = (lot: number) => ({
  receiptId: `R-${lot}`,
  lotId: `L-${lot}`,
  processorId: processorOf(lot),
  grams: 1_000_000,
  receivedAt: '2026-03-10T08:00:00Z',
});
const run = (lot: number) => ({
  runId: `RUN-${lot}`,
  processorId: processorOf(lot),
  inputs: [{ nodeId: `L-${lot}`, grams: 600_000 }],
  outputs: [
    { productId: `FIBRE-${lot}`, outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 400_000 },
    { productId: `FELT-${lot}`, outcome: 'recycling.open-loop', productKind: 'insulation felt', grams: 150_000 },
  ],
  lossGrams: 50_000,
  completedAt: '2026-03-11T17:00:00Z',
});

await phase('receive lots (explicit receiptId)', lots, (lot) => post('/v1/recycling/receipts', receipt(lot)));
await phase('receive lots again (derived id from deliveryId)', lots, (lot) =>
  post('/v1/recycling/receipts', { ...receipt(lot), receiptId: undefined, grams: 1_000, deliveryId: `D-${lot}` }),
);
await phase('replay receipts (idempotent, 200)', lots, (lot) => post('/v1/recycling/receipts', receipt(lot)));
await phase('complete runs (1 input, 2 products)', lots, (lot) => post('/v1/recycling/runs', run(lot)));
await phase('replay runs (idempotent, 200)', lots, (lot) => post('/v1/recycling/runs', run(lot)));
await phase('dispose of the rest of each lot', lots, (lot) =>
  post('/v1/recycling/disposals', {
    disposalId: `DISP-${lot}`,
    processorId: processorOf(lot),
    nodeId: `L-${lot}`,
    grams: 401_000,
    method: 'energy-recovery',
    disposedAt: '2026-03-12T09:00:00Z',
  }),
);

// One hot processor: every command below is decided by the same aggregate and serialises on its version row.
await phase(`receive ${hotLots} lots at one processor (contention)`, hotLots, (lot) =>
  post('/v1/recycling/receipts', { ...receipt(lot), receiptId: `R-HOT-${lot}`, lotId: `L-HOT-${lot}`, processorId: 'P-HOT' }),
);
await phase('dispose of 1 g each at one processor (contention)', hotCommands, (index) =>
  post('/v1/recycling/disposals', {
    disposalId: `DISP-HOT-${index}`,
    processorId: 'P-HOT',
    nodeId: `L-HOT-${index % hotLots}`,
    grams: 1,
    method: 'incineration',
    disposedAt: '2026-03-12T09:00:00Z',
  }),
);
await phase('runs of 2 g each at one processor (contention)', hotCommands, (index) =>
  post('/v1/recycling/runs', {
    runId: `RUN-HOT-${index}`,
    processorId: 'P-HOT',
    inputs: [{ nodeId: `L-HOT-${index % hotLots}`, grams: 2 }],
    outputs: [{ productId: `BAG-HOT-${index}`, outcome: 'upcycling', productKind: 'bag', grams: 1 }],
    lossGrams: 1,
    completedAt: '2026-03-12T10:00:00Z',
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
