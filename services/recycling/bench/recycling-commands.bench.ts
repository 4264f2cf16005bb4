// Commands per second of the recycling service under concurrent HTTP load, on this machine's real PostgreSQL and
// Kafka: node services/recycling/bench/recycling-commands.bench.ts (BENCH_LOTS, BENCH_PROCESSORS, BENCH_CONCURRENCY
// to change). The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
// Every command of a processor is decided by that processor's stock, so processors are the unit of parallelism; the
// last phases put every command on one processor to show what a hot aggregate does.
import { startServiceBench } from '@vezel/service-testing/bench';
import { recyclingService } from '../src/module.ts';

const lots = Number(process.env['BENCH_LOTS'] ?? 4_000);
const processors = Number(process.env['BENCH_PROCESSORS'] ?? 64);
const hotLots = 200;
const hotCommands = 2_000;

const bench = await startServiceBench({ definition: recyclingService, nameWidth: 52 });
const { post, phase } = bench;
console.log(
  `lots: ${lots.toLocaleString('en')} over ${processors} processors, concurrent clients: ${bench.concurrency}\n`,
);

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
await bench.authenticationCost('replay runs', lots, (lot, via) => via('/v1/recycling/runs', run(lot)));
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
  post('/v1/recycling/receipts', {
    ...receipt(lot),
    receiptId: `R-HOT-${lot}`,
    lotId: `L-HOT-${lot}`,
    processorId: 'P-HOT',
  }),
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

await bench.finish();
