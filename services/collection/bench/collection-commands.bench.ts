// Commands per second of the collection service under concurrent HTTP load, on this machine's real PostgreSQL and
// Kafka: node services/collection/bench/collection-commands.bench.ts (BENCH_BATCHES, BENCH_CONCURRENCY to change).
// The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
import { startServiceBench } from '@vezel/service-testing/bench';
import { collectionService } from '../src/module.ts';

const batches = Number(process.env['BENCH_BATCHES'] ?? 4_000);

const bench = await startServiceBench({ definition: collectionService, nameWidth: 44 });
const { post, phase } = bench;
console.log(`batches: ${batches.toLocaleString('en')}, concurrent clients: ${bench.concurrency}\n`);

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
const shipment = (index: number) => ({
  shipmentId: `S-${index}`,
  centreId: 'SC-DEVENTER',
  grams: 500_000,
  shippedAt: '2026-03-02T11:00:00Z',
});
await phase('ship batches (one shipment per batch)', batches, (index) =>
  post(`/v1/collection/batches/B-${index}/shipments`, shipment(index)),
);
await phase('replay shipments (idempotent, 200)', batches, (index) =>
  post(`/v1/collection/batches/B-${index}/shipments`, shipment(index)),
);
// A shipment's holder is its batch's municipality: authentication adds a read of the batch and its owner.
await bench.authenticationCost('replay shipments', batches, (index, via) =>
  via(`/v1/collection/batches/B-${index}/shipments`, shipment(index)),
);
await phase('ship 1 g each onto 8 hot batches (contention)', 2_000, (index) =>
  post(`/v1/collection/batches/B-${index % 8}/shipments`, {
    shipmentId: `S-HOT-${index}`,
    centreId: 'SC-DEVENTER',
    grams: 1,
    shippedAt: '2026-03-02T12:00:00Z',
  }),
);

await bench.finish();
