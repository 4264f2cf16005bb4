// Commands per second of the sorting service under concurrent HTTP load, on this machine's real PostgreSQL and
// Kafka: node services/sorting/bench/sorting-commands.bench.ts (BENCH_BATCHES, BENCH_CENTRES, BENCH_CONCURRENCY to
// change). The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
// Every command at a centre serialises on that centre's stock, so the figures depend on how many centres share the load.
import { startServiceBench } from '@vezel/service-testing/bench';
import { sortingService } from '../src/module.ts';

const batches = Number(process.env['BENCH_BATCHES'] ?? 4_000);
const centres = Number(process.env['BENCH_CENTRES'] ?? 8);

const bench = await startServiceBench({ definition: sortingService, nameWidth: 58 });
const { post, phase } = bench;
console.log(
  `batches: ${batches.toLocaleString('en')}, centres: ${centres}, concurrent clients: ${bench.concurrency}\n`,
);

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
await phase('dispatch lots (one dispatch per lot)', batches, (index) =>
  post(`/v1/sorting/lots/L-${index}-a/dispatches`, dispatch(index)),
);
await phase('replay dispatches (idempotent, 200)', batches, (index) =>
  post(`/v1/sorting/lots/L-${index}-a/dispatches`, dispatch(index)),
);
await bench.authenticationCost('replay dispatches', batches, (index, via) =>
  via(`/v1/sorting/lots/L-${index}-a/dispatches`, dispatch(index)),
);
await phase('receive onto one centre (contention)', 2_000, (index) =>
  post('/v1/sorting/receipts', { ...receipt(batches + index), centreId: 'SC-HOT' }),
);
await phase('dispatch 1 g each from 8 lots of one centre (contention)', 2_000, (index) =>
  post(`/v1/sorting/lots/L-${(index % 8) * centres}-b/dispatches`, {
    ...dispatch(index),
    dispatchId: `D-HOT-${index}`,
    grams: 1,
  }),
);

await bench.finish();
