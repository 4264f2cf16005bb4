// Commands per second of the retail service under concurrent HTTP load, on this machine's real PostgreSQL and Kafka:
// node services/retail/bench/retail-commands.bench.ts (BENCH_LOTS, BENCH_CONCURRENCY, BENCH_HOT to change).
// The service runs in this process, as the embedded host would run it; the load comes over real HTTP.
import { startServiceBench } from '@vezel/service-testing/bench';
import { retailService } from '../src/module.ts';

const lots = Number(process.env['BENCH_LOTS'] ?? 4_000);
const hotCommands = Number(process.env['BENCH_HOT'] ?? 2_000);

const bench = await startServiceBench({ definition: retailService, nameWidth: 50 });
const { post, phase } = bench;
// Twenty lots per store: a store's stock is one aggregate, so commands on one store serialise on its version.
const stores = Math.max(1, Math.floor(lots / 20));
console.log(`lots: ${lots.toLocaleString('en')} over ${stores} stores, concurrent clients: ${bench.concurrency}\n`);

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
await bench.authenticationCost('replay sales', lots, (index, via) => via('/v1/retail/sales', sale(index)));
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

await bench.finish();
