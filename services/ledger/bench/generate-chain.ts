import { toGrams } from '@vezel/grams';
import type {
  Destination,
  DisposalMethod,
  LedgerFact,
  ProcessingRunOutput,
  SortingRunOutput,
} from '../src/domain/index.ts';
import {
  CENTRES,
  DISPOSAL_SITES,
  EXPORTERS,
  MUNICIPALITIES,
  PROCESSORS,
  STORES,
  nearestCentre,
  roadKm,
  type Centre,
  type Municipality,
  type Place,
  type Processor,
  type ProcessorKind,
  type Store,
} from './chain-network.ts';
import { createEventCalendar } from './event-calendar.ts';
import { mix32, seededRandom, weightedPicker } from './seeded-random.ts';

export { createChainTally, type ChainSummary, type ChainTally } from './chain-tally.ts';

/*
 * A deterministic, streaming simulation of a year (or more) of a charity textile chain, for benchmarks: containers
 * in ~40 municipalities fill batches of 200-900 kg; each batch is shipped to the nearest of three sorting centres
 * and received (now and then a few kilograms short); a centre sorts 8-20 batches at a time into 6-11 lots (reuse
 * ~50-58 %, wipers and recycling ~15-17 % each, residue ~8 %, ~1 % loss); shop grades go to one of 31 charity shops
 * that sell them in 10-30 sales of 1-5 items, give a little away and send the unsold rest to a recycler; export
 * grades go abroad; recycling grades are pooled by processors into products; residue is burnt for energy.
 *
 * It is a discrete-event simulation: every action schedules what follows it on a calendar, so facts come out in
 * time order (each node's own facts in causal order), and only what is open (batches on the road, lots waiting,
 * shops selling) is held in memory, never the chain. Whatever is still open when the requested number of facts is
 * reached stays open: stock in shops, at centres and in transit, as in real life.
 */

/** What to generate. */
export interface GenerateChainOptions {
  /** The same seed gives the same facts, event ids included. */
  readonly seed: number;
  /** At least this many facts are yielded (the last action may add one more). */
  readonly events: number;
  /** Collection starts on 1 January of this year (UTC); 2025 by default. */
  readonly startYear?: number;
  /** Batches are spread over this many years; 1 by default. */
  readonly years?: number;
}

/**
 * Facts per collected batch over the whole chain (3 for the batch itself, the rest its share of runs, lots, sales,
 * receipts and products), measured on long runs: it spaces the batches so that `events` facts fill the period.
 * Short chains, whose pipeline is still filling when they stop, run a little past it.
 */
const FACTS_PER_BATCH = 7.9;

/** Four in six containers stand in the street; the rest are shop drop-offs and door-to-door rounds. */
const CHANNELS = [
  'street-container',
  'street-container',
  'street-container',
  'street-container',
  'store-drop-off',
  'door-to-door',
];
const PROGRAMMES = ['kledingbank', 'daklozenopvang', 'vluchtelingenwerk', 'schoolkleding'];
/** What a processing run loses, in per cent of its input (cutting waste, dust, rejects): min and max. */
const LOSS_PERCENT: Readonly<Record<ProcessorKind, readonly [number, number]>> = {
  wipers: [3, 8],
  'open-loop': [4, 10],
  'fibre-to-fibre': [6, 12],
  upcycling: [8, 15],
  residual: [0, 0],
};

/** A fact before it gets its event id. */
type FactBody = LedgerFact extends infer Fact ? (Fact extends LedgerFact ? Omit<Fact, 'eventId'> : never) : never;

interface Container extends Place {
  readonly id: string;
  readonly municipality: Municipality;
  readonly centre: CentreState;
  readonly channel: string;
  registered: boolean;
}

/** Grams of a node a party holds (plain numbers inside the simulation: far below 2^53). */
interface Holding {
  readonly nodeId: string;
  readonly grams: number;
}

interface CentreState {
  readonly centre: Centre;
  /** Received batches waiting for the next sorting run. */
  pool: Holding[];
  /** How many batches the next run pools. */
  target: number;
}

interface ProcessorState {
  readonly processor: Processor;
  pool: Holding[];
  target: number;
}

/** A lot on a shop's rails. */
interface ShopLot {
  readonly lotId: string;
  readonly store: Store;
  remaining: number;
  salesLeft: number;
  readonly meanGap: number;
}

/** Yields the facts of a generated chain, in time order; see the comment at the top of this file. */
export function* generateChain(options: GenerateChainOptions): Generator<LedgerFact> {
  const { seed, events } = options;
  if (!Number.isSafeInteger(events) || events < 1) {
    throw new RangeError(`events must be a positive whole number, got ${events}`);
  }
  const startYear = options.startYear ?? 2025;
  const years = options.years ?? 1;
  const start = Date.UTC(startYear, 0, 1);
  const end = Date.UTC(startYear + years, 0, 1);

  const random = seededRandom(seed);
  const calendar = createEventCalendar();
  const out: LedgerFact[] = [];
  const eventIdOf = eventIdsFor(seed);
  let emitted = 0;
  const emit = (fact: FactBody): void => {
    out.push({ ...fact, eventId: eventIdOf(emitted) });
    emitted += 1;
  };

  const counters = new Map<string, number>();
  /** `B-2025-0000001`: a prefix per kind of id, the year it was made, a counter per prefix (so ids never repeat). */
  const idOf = (prefix: string, at: number): string => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}-${new Date(at).getUTCFullYear()}-${String(next).padStart(7, '0')}`;
  };
  /** A delay between `min` and `max` hours, in whole seconds. */
  const hours = (min: number, max: number): number => Math.round(random.between(min, max) * 3_600) * 1_000;
  const days = (min: number, max: number): number => hours(min * 24, max * 24);
  /** Now and then a receipt is a little lighter than what was sent: spillage, moisture, a scale's tolerance. */
  const weighed = (grams: number, probability: number, maxShare: number): number =>
    grams >= 10_000 && random.chance(probability) ? grams - random.int(1, Math.floor(grams * maxShare)) : grams;
  /** Receipts usually name the delivery they close; without it the ledger closes the oldest open one (the same). */
  const deliveryOf = (deliveryId: string): { deliveryId?: string } => (random.chance(0.85) ? { deliveryId } : {});

  // --- the network ---------------------------------------------------------------------------------------------
  const centres = new Map<string, CentreState>(
    CENTRES.map((centre) => [centre.id, { centre, pool: [], target: random.int(8, 20) }]),
  );
  const processors = new Map<string, ProcessorState>(
    PROCESSORS.map((processor) => [processor.id, { processor, pool: [], target: random.int(3, 6) }]),
  );
  const processorsOf = (kind: ProcessorKind): Processor[] => PROCESSORS.filter((processor) => processor.kind === kind);
  const storesNear = new Map(
    CENTRES.map((centre) => [centre.id, STORES.filter((store) => nearestCentre(store).id === centre.id)]),
  );
  const nearest = (candidates: readonly Processor[], from: Place): Processor =>
    candidates.reduce((best, candidate) => (roadKm(from, candidate) < roadKm(from, best) ? candidate : best));

  // About one container for every dozen batches a year, at least one per municipality, in proportion to population.
  const containerTotal = Math.min(6_000, Math.max(MUNICIPALITIES.length, Math.round(events / FACTS_PER_BATCH / 12)));
  const totalWeight = MUNICIPALITIES.reduce((sum, municipality) => sum + municipality.weight, 0);
  const containersOf = new Map<string, Container[]>();
  for (const municipality of MUNICIPALITIES) {
    const count = Math.max(1, Math.round((containerTotal * municipality.weight) / totalWeight));
    const centre = centres.get(nearestCentre(municipality).id)!;
    containersOf.set(
      municipality.code,
      Array.from({ length: count }, (_, index) => ({
        id: `C-${municipality.code}-${String(index + 1).padStart(4, '0')}`,
        municipality,
        centre,
        channel: random.pick(CHANNELS),
        latitude: Math.round((municipality.latitude + random.between(-0.03, 0.03)) * 100_000) / 100_000,
        longitude: Math.round((municipality.longitude + random.between(-0.04, 0.04)) * 100_000) / 100_000,
        registered: false,
      })),
    );
  }
  const pickMunicipality = weightedPicker(
    MUNICIPALITIES,
    MUNICIPALITIES.map((municipality) => municipality.weight),
  );

  // --- collection ------------------------------------------------------------------------------------------------
  // Batches arrive one per slot of equal length, at a random moment within it: spread over the period, in order.
  const slotLength = (end - start) / Math.max(1, events / FACTS_PER_BATCH);
  let slot = 0;
  const scheduleCollection = (now: number): void => {
    const at = Math.max(now, Math.round((start + (slot + random.next()) * slotLength) / 1_000) * 1_000);
    slot += 1;
    calendar.schedule(at, collect);
  };

  function collect(now: number): void {
    const municipality = pickMunicipality(random);
    const container = random.pick(containersOf.get(municipality.code)!);
    if (!container.registered) {
      container.registered = true;
      emit({
        type: 'ContainerRegistered',
        containerId: container.id,
        municipality: municipality.code,
        channel: container.channel,
        location: { latitude: container.latitude, longitude: container.longitude },
        registeredAt: new Date(now),
      });
    }
    const batchId = idOf('B', now);
    const grams = random.int(200_000, 900_000);
    emit({
      type: 'BatchCollected',
      batchId,
      containerId: container.id,
      municipality: municipality.code,
      grams: toGrams(grams),
      collectedAt: new Date(now),
    });
    calendar.schedule(now + hours(2, 72), (at) => ship(at, container, batchId, grams));
    scheduleCollection(now);
  }

  function ship(now: number, container: Container, batchId: string, grams: number): void {
    const { centre } = container.centre;
    const shipmentId = idOf('SH', now);
    emit({
      type: 'BatchShipped',
      shipmentId,
      batchId,
      containerId: container.id,
      centreId: centre.id,
      grams: toGrams(grams),
      transportKm: roadKm(container, centre),
      shippedAt: new Date(now),
    });
    calendar.schedule(now + hours(1, 30), (at) => receiveBatch(at, container.centre, batchId, shipmentId, grams));
  }

  // --- sorting ---------------------------------------------------------------------------------------------------
  function receiveBatch(now: number, state: CentreState, batchId: string, shipmentId: string, shipped: number): void {
    const grams = weighed(shipped, 0.08, 0.012);
    emit({
      type: 'NodeReceivedAtCentre',
      receiptId: idOf('RC', now),
      nodeId: batchId,
      centreId: state.centre.id,
      grams: toGrams(grams),
      receivedAt: new Date(now),
      ...deliveryOf(shipmentId),
    });
    state.pool.push({ nodeId: batchId, grams });
    if (state.pool.length >= state.target) {
      const inputs = state.pool;
      state.pool = [];
      state.target = random.int(8, 20);
      calendar.schedule(now + hours(2, 36), (at) => sort(at, state.centre, inputs));
    }
  }

  function sort(now: number, centre: Centre, inputs: readonly Holding[]): void {
    const total = inputs.reduce((sum, input) => sum + input.grams, 0);
    const shares = [random.between(50, 58), random.between(15, 17), random.between(15, 17), random.between(7, 9)];
    const lossShare = random.between(0.5, 1.5);
    const sumShares = shares.reduce((sum, share) => sum + share, lossShare);
    const [reuse, wipers, recycling, residual] = shares.map((share) => Math.floor((total * share) / sumShares)) as [
      number,
      number,
      number,
      number,
    ];
    const lots: { fraction: string; grams: number }[] = [];

    // Shop grades: a few cages of cream and vintage; shoes and the export grades go abroad in bales.
    let shopGrams = 0;
    const shopLots = random.int(2, 3);
    for (let index = 0; index < shopLots; index += 1) {
      const grams = random.int(40_000, 150_000);
      if (shopGrams + grams > reuse * 0.3) break;
      lots.push({ fraction: random.chance(0.2) ? 'reuse.vintage' : 'reuse.creme', grams });
      shopGrams += grams;
    }
    const shoes = Math.floor((reuse - shopGrams) * random.between(0.08, 0.14));
    lots.push({ fraction: 'reuse.shoes', grams: shoes });
    for (const grams of splitInParts(reuse - shopGrams - shoes, reuse - shopGrams - shoes > 4_000_000 ? 2 : 1)) {
      lots.push({ fraction: 'reuse.export', grams });
    }
    lots.push({ fraction: 'recycling.wipers', grams: wipers });
    if (random.chance(0.2)) {
      const [openLoop, fibre] = splitInParts(recycling, 2) as [number, number];
      lots.push({ fraction: 'recycling.open-loop', grams: openLoop });
      lots.push({ fraction: 'recycling.fibre-to-fibre', grams: fibre });
    } else {
      const fraction = random.chance(0.6) ? 'recycling.open-loop' : 'recycling.fibre-to-fibre';
      lots.push({ fraction, grams: recycling });
    }
    const nonTextile = random.chance(0.25) ? Math.floor(residual * random.between(0.1, 0.25)) : 0;
    lots.push({ fraction: 'residual.textile', grams: residual - nonTextile });
    if (nonTextile > 0) lots.push({ fraction: 'residual.non-textile', grams: nonTextile });

    const outputs: SortingRunOutput[] = lots
      .filter((lot) => lot.grams > 0)
      .map((lot) => ({ lotId: idOf('L', now), fraction: lot.fraction, grams: toGrams(lot.grams) }));
    const made = outputs.reduce((sum, output) => sum + Number(output.grams), 0);
    emit({
      type: 'SortingRunCompleted',
      runId: idOf('SR', now),
      centreId: centre.id,
      inputs: inputs.map((input) => ({ nodeId: input.nodeId, grams: toGrams(input.grams) })),
      outputs,
      lossGrams: toGrams(total - made),
      completedAt: new Date(now),
    });
    for (const { lotId, fraction, grams } of outputs) sendOn(now, centre, lotId, fraction, Number(grams));
  }

  /** Schedules where a fresh lot goes, by its fraction. */
  function sendOn(now: number, centre: Centre, lotId: string, fraction: string, grams: number): void {
    switch (fraction) {
      case 'reuse.creme':
      case 'reuse.vintage':
        calendar.schedule(now + days(1, 10), (at) => dispatchToShop(at, centre, lotId, grams));
        return;
      case 'reuse.export':
      case 'reuse.shoes':
        calendar.schedule(now + days(3, 21), (at) => dispatchAbroad(at, centre, lotId, grams));
        return;
      case 'recycling.wipers':
        calendar.schedule(now + days(2, 14), (at) => dispatchToProcessor(at, centre, lotId, grams, 'wipers'));
        return;
      case 'recycling.open-loop':
        calendar.schedule(now + days(2, 14), (at) => dispatchToProcessor(at, centre, lotId, grams, 'open-loop'));
        return;
      case 'recycling.fibre-to-fibre':
        calendar.schedule(now + days(2, 14), (at) => dispatchToProcessor(at, centre, lotId, grams, 'fibre-to-fibre'));
        return;
      case 'residual.textile':
        calendar.schedule(now + days(1, 7), (at) =>
          random.chance(0.5)
            ? dispatchToProcessor(at, centre, lotId, grams, 'residual')
            : dispatchToDisposal(at, centre, lotId, grams, false),
        );
        return;
      default:
        calendar.schedule(now + days(1, 7), (at) => dispatchToDisposal(at, centre, lotId, grams, true));
    }
  }

  function dispatch(
    now: number,
    centre: Centre,
    lotId: string,
    grams: number,
    destination: Destination,
    km: number,
  ): string {
    const dispatchId = idOf('DP', now);
    emit({
      type: 'LotDispatched',
      dispatchId,
      lotId,
      centreId: centre.id,
      grams: toGrams(grams),
      destination,
      transportKm: km,
      dispatchedAt: new Date(now),
    });
    return dispatchId;
  }

  function dispatchToShop(now: number, centre: Centre, lotId: string, grams: number): void {
    // Mostly a shop in the centre's own region: local for local.
    const store = random.chance(0.85) ? random.pick(storesNear.get(centre.id)!) : random.pick(STORES);
    const dispatchId = dispatch(now, centre, lotId, grams, { kind: 'store', id: store.id }, roadKm(centre, store));
    calendar.schedule(now + hours(4, 48), (at) => receiveAtShop(at, store, lotId, dispatchId, grams));
  }

  function dispatchAbroad(now: number, centre: Centre, lotId: string, grams: number): void {
    const exporter = random.pick(EXPORTERS);
    dispatch(now, centre, lotId, grams, { kind: 'exporter', id: exporter.id, country: exporter.country }, exporter.km);
  }

  function dispatchToProcessor(now: number, centre: Centre, lotId: string, grams: number, kind: ProcessorKind): void {
    const candidates = processorsOf(kind);
    const processor = random.chance(0.7) ? nearest(candidates, centre) : random.pick(candidates);
    const destination: Destination = { kind: 'processor', id: processor.id };
    const dispatchId = dispatch(now, centre, lotId, grams, destination, roadKm(centre, processor));
    const state = processors.get(processor.id)!;
    calendar.schedule(now + hours(6, 72), (at) => receiveAtProcessor(at, state, lotId, dispatchId, grams));
  }

  function dispatchToDisposal(now: number, centre: Centre, lotId: string, grams: number, mayLandfill: boolean): void {
    const site = random.pick(DISPOSAL_SITES);
    const method: DisposalMethod = mayLandfill && random.chance(0.03) ? 'landfill' : random.pick(site.methods);
    dispatch(now, centre, lotId, grams, { kind: 'disposal', id: site.id, method }, roadKm(centre, site));
  }

  // --- retail ----------------------------------------------------------------------------------------------------
  function receiveAtShop(now: number, store: Store, lotId: string, dispatchId: string, dispatched: number): void {
    const grams = weighed(dispatched, 0.03, 0.005);
    emit({
      type: 'LotReceivedAtStore',
      receiptId: idOf('RS', now),
      lotId,
      storeId: store.id,
      grams: toGrams(grams),
      receivedAt: new Date(now),
      ...deliveryOf(dispatchId),
    });
    const sales = random.int(10, 30);
    const lot: ShopLot = { lotId, store, remaining: grams, salesLeft: sales, meanGap: days(14, 56) / sales };
    calendar.schedule(now + hours(2, 48), (at) => sellOrGive(at, lot));
  }

  function sellOrGive(now: number, lot: ShopLot): void {
    if (lot.remaining >= 2_000 && random.chance(0.04)) {
      const grams = random.int(2_000, Math.min(15_000, lot.remaining));
      lot.remaining -= grams;
      emit({
        type: 'ItemsDonated',
        donationId: idOf('DN', now),
        storeId: lot.store.id,
        lotId: lot.lotId,
        grams: toGrams(grams),
        programme: random.pick(PROGRAMMES),
        donatedAt: new Date(now),
      });
    } else if (lot.remaining >= 300) {
      const items = random.int(1, 5);
      const grams = Math.min(lot.remaining, items * random.int(300, 600));
      lot.remaining -= grams;
      lot.salesLeft -= 1;
      emit({
        type: 'ItemsSold',
        saleId: idOf('SA', now),
        storeId: lot.store.id,
        lotId: lot.lotId,
        grams: toGrams(grams),
        items,
        revenueCents: BigInt(items * random.int(250, 1_500)),
        soldAt: new Date(now),
      });
    } else {
      lot.salesLeft = 0;
    }
    if (lot.remaining === 0) return;
    if (lot.salesLeft > 0) {
      const gap = Math.max(60_000, Math.round((lot.meanGap * random.between(0.3, 1.7)) / 1_000) * 1_000);
      calendar.schedule(now + gap, (at) => sellOrGive(at, lot));
    } else {
      calendar.schedule(now + days(1, 10), (at) => returnUnsold(at, lot));
    }
  }

  function returnUnsold(now: number, lot: ShopLot): void {
    const processor = random.chance(0.7)
      ? nearest(processorsOf('open-loop'), lot.store)
      : random.pick(processorsOf('upcycling'));
    const returnId = idOf('RT', now);
    emit({
      type: 'LotReturned',
      returnId,
      storeId: lot.store.id,
      lotId: lot.lotId,
      grams: toGrams(lot.remaining),
      destination: { kind: 'processor', id: processor.id },
      returnedAt: new Date(now),
    });
    const grams = lot.remaining;
    const state = processors.get(processor.id)!;
    calendar.schedule(now + hours(6, 72), (at) => receiveAtProcessor(at, state, lot.lotId, returnId, grams));
  }

  // --- recycling -------------------------------------------------------------------------------------------------
  function receiveAtProcessor(
    now: number,
    state: ProcessorState,
    lotId: string,
    deliveryId: string,
    sent: number,
  ): void {
    const grams = weighed(sent, 0.04, 0.01);
    emit({
      type: 'LotReceivedByProcessor',
      receiptId: idOf('RP', now),
      lotId,
      processorId: state.processor.id,
      grams: toGrams(grams),
      receivedAt: new Date(now),
      ...deliveryOf(deliveryId),
    });
    if (state.processor.kind === 'residual') {
      calendar.schedule(now + hours(12, 120), (at) => dispose(at, state.processor, lotId, grams));
      return;
    }
    state.pool.push({ nodeId: lotId, grams });
    if (state.pool.length >= state.target) {
      const inputs = state.pool;
      state.pool = [];
      state.target = random.int(3, 6);
      calendar.schedule(now + hours(12, 96), (at) => processLots(at, state.processor, inputs));
    }
  }

  function processLots(now: number, processor: Processor, inputs: readonly Holding[]): void {
    const total = inputs.reduce((sum, input) => sum + input.grams, 0);
    const products = productsOf(processor.kind);
    const [minLoss, maxLoss] = LOSS_PERCENT[processor.kind];
    const loss = total < 1_000 ? 0 : Math.floor((total * random.between(minLoss, maxLoss)) / 100);
    const parts = splitByShares(
      total - loss,
      products.map((product) => product.share),
    );
    const outputs: ProcessingRunOutput[] = products
      .map((product, index) => ({ ...product, grams: parts[index]! }))
      .filter((product) => product.grams > 0)
      .map((product) => ({
        productId: idOf('P', now),
        outcome: product.outcome,
        productKind: product.productKind,
        grams: toGrams(product.grams),
      }));
    emit({
      type: 'ProcessingRunCompleted',
      runId: idOf('PR', now),
      processorId: processor.id,
      inputs: inputs.map((input) => ({ nodeId: input.nodeId, grams: toGrams(input.grams) })),
      outputs,
      lossGrams: toGrams(loss),
      completedAt: new Date(now),
    });
  }

  /** What a processor of `kind` makes, with the share of the usable grams each product gets. */
  function productsOf(kind: ProcessorKind): { outcome: string; productKind: string; share: number }[] {
    switch (kind) {
      case 'wipers':
        return random.chance(0.3)
          ? [
              { outcome: 'recycling.open-loop', productKind: 'wipers', share: random.between(60, 80) },
              { outcome: 'recycling.open-loop', productKind: 'cleaning-cloths', share: random.between(20, 40) },
            ]
          : [{ outcome: 'recycling.open-loop', productKind: 'wipers', share: 100 }];
      case 'open-loop': {
        const productKind = random.pick(['insulation', 'filling', 'nonwovens']);
        const main = { outcome: 'recycling.open-loop', productKind, share: 90 };
        return random.chance(0.25)
          ? [main, { outcome: 'upcycling', productKind: 'design-products', share: random.between(5, 15) }]
          : [main];
      }
      case 'fibre-to-fibre':
        return [
          {
            outcome: 'recycling.fibre-to-fibre',
            productKind: random.pick(['recycled-fibre', 'recycled-yarn']),
            share: random.between(65, 80),
          },
          { outcome: 'recycling.open-loop', productKind: 'nonwovens', share: random.between(20, 35) },
        ];
      case 'upcycling':
      case 'residual':
        return [
          {
            outcome: 'upcycling',
            productKind: random.pick(['bags', 'cushions', 'design-products']),
            share: random.between(40, 60),
          },
          { outcome: 'recycling.open-loop', productKind: 'filling', share: random.between(40, 60) },
        ];
      default:
        return kind satisfies never;
    }
  }

  function dispose(now: number, processor: Processor, lotId: string, grams: number): void {
    emit({
      type: 'NodeDisposed',
      disposalId: idOf('DS', now),
      processorId: processor.id,
      nodeId: lotId,
      grams: toGrams(grams),
      method: random.chance(0.8) ? 'energy-recovery' : 'incineration',
      disposedAt: new Date(now),
    });
  }

  /** `total` in `count` parts of 35-65 % (for two), each at least 1 g when total allows. */
  function splitInParts(total: number, count: number): number[] {
    return splitByShares(
      total,
      Array.from({ length: count }, () => random.between(35, 65)),
    );
  }

  // --- the run ---------------------------------------------------------------------------------------------------
  scheduleCollection(start);
  while (emitted < events && calendar.runNext()) {
    for (const fact of out) yield fact;
    out.length = 0;
  }
  for (const fact of out) yield fact;
}

/** Splits `total` in proportion to `shares`, exactly: floors, with what rounding leaves over to the last part. */
function splitByShares(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((acc, share) => acc + share, 0);
  const parts = shares.map((share) => Math.floor((total * share) / sum));
  parts[parts.length - 1]! += total - parts.reduce((acc, part) => acc + part, 0);
  return parts;
}

/**
 * Event ids that look like UUIDs (version 4 layout) and are a pure function of the seed and the fact's number: the
 * first group tags the seed, the last twelve hex digits are the counter, so ids never repeat within a chain.
 */
function eventIdsFor(seed: number): (counter: number) => string {
  const seedHash = mix32(seed ^ 0x5eed_c4a1);
  const tag = hex(mix32(seedHash + 1), 8);
  return (counter) => {
    const a = mix32((counter ^ seedHash) >>> 0);
    const b = mix32((a + counter) >>> 0);
    const last = counter.toString(16).padStart(12, '0');
    return `${tag}-${hex(a >>> 16, 4)}-4${hex(a & 0xfff, 3)}-${hex(0x8000 | (b & 0x3fff), 4)}-${last}`;
  };
}

function hex(value: number, width: number): string {
  return (value >>> 0).toString(16).padStart(width, '0');
}
