import { toGrams } from '@vezel/grams';
import {
  occurredAtOf,
  type Destination,
  type DisposalMethod,
  type LedgerFact,
  type ProcessingRunOutput,
  type SortingRunOutput,
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

/**
 * The state of one generation: its random numbers and event calendar, the facts made since the last yield, the
 * counters behind ids and event ids, the network (centres and processors with what they pool, stores by centre,
 * containers by municipality) and where collection stands. Every stage below takes it; the random numbers are drawn
 * in one fixed order, so a seed always gives the same facts.
 */
interface ChainGeneration {
  readonly random: ReturnType<typeof seededRandom>;
  readonly calendar: ReturnType<typeof createEventCalendar>;
  readonly out: LedgerFact[];
  readonly eventIdOf: (counter: number, at: Date) => string;
  emitted: number;
  readonly counters: Map<string, number>;
  readonly start: number;
  readonly slotLength: number;
  slot: number;
  readonly centres: Map<string, CentreState>;
  readonly processors: Map<string, ProcessorState>;
  readonly storesNear: Map<string, Store[]>;
  readonly containersOf: Map<string, Container[]>;
  readonly pickMunicipality: ReturnType<typeof weightedPicker<Municipality>>;
}

/** Yields the facts of a generated chain, in time order; see the comment at the top of this file. */
export function* generateChain(options: GenerateChainOptions): Generator<LedgerFact> {
  const { events } = options;
  if (!Number.isSafeInteger(events) || events < 1) {
    throw new RangeError(`events must be a positive whole number, got ${events}`);
  }
  const g = startGeneration(options);
  scheduleCollection(g, g.start);
  while (g.emitted < events && g.calendar.runNext()) {
    for (const fact of g.out) yield fact;
    g.out.length = 0;
  }
  for (const fact of g.out) yield fact;
}

/** The network of the chain and an empty calendar: centres, processors, stores by centre, containers by municipality. */
function startGeneration(options: GenerateChainOptions): ChainGeneration {
  const { seed, events } = options;
  const startYear = options.startYear ?? 2025;
  const years = options.years ?? 1;
  const start = Date.UTC(startYear, 0, 1);
  const end = Date.UTC(startYear + years, 0, 1);
  const random = seededRandom(seed);
  const centres = new Map<string, CentreState>(
    CENTRES.map((centre) => [centre.id, { centre, pool: [], target: random.int(8, 20) }]),
  );
  const processors = new Map<string, ProcessorState>(
    PROCESSORS.map((processor) => [processor.id, { processor, pool: [], target: random.int(3, 6) }]),
  );
  const storesNear = new Map(
    CENTRES.map((centre) => [centre.id, STORES.filter((store) => nearestCentre(store).id === centre.id)]),
  );
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
  return {
    random,
    calendar: createEventCalendar(),
    out: [],
    eventIdOf: eventIdsFor(seed),
    emitted: 0,
    counters: new Map(),
    start,
    slotLength: (end - start) / Math.max(1, events / FACTS_PER_BATCH),
    slot: 0,
    centres,
    processors,
    storesNear,
    containersOf,
    pickMunicipality: weightedPicker(
      MUNICIPALITIES,
      MUNICIPALITIES.map((municipality) => municipality.weight),
    ),
  };
}

function emit(g: ChainGeneration, fact: FactBody): void {
  // occurredAtOf reads the fact's time, never its id: the body is not copied once more to give it one.
  const eventId = g.eventIdOf(g.emitted, occurredAtOf(fact as LedgerFact));
  g.out.push({ ...fact, eventId });
  g.emitted += 1;
}

/** `B-2025-0000001`: a prefix per kind of id, the year it was made, a counter per prefix (so ids never repeat). */
function idOf(g: ChainGeneration, prefix: string, at: number): string {
  const next = (g.counters.get(prefix) ?? 0) + 1;
  g.counters.set(prefix, next);
  return `${prefix}-${new Date(at).getUTCFullYear()}-${String(next).padStart(7, '0')}`;
}

/** A delay between `min` and `max` hours, in whole seconds. */
function hours(g: ChainGeneration, min: number, max: number): number {
  return Math.round(g.random.between(min, max) * 3_600) * 1_000;
}

function days(g: ChainGeneration, min: number, max: number): number {
  return hours(g, min * 24, max * 24);
}

/** Now and then a receipt is a little lighter than what was sent: spillage, moisture, a scale's tolerance. */
function weighed(g: ChainGeneration, grams: number, probability: number, maxShare: number): number {
  return grams >= 10_000 && g.random.chance(probability)
    ? grams - g.random.int(1, Math.floor(grams * maxShare))
    : grams;
}

/** Receipts usually name the delivery they close; without it the ledger closes the oldest open one (the same). */
function deliveryOf(g: ChainGeneration, deliveryId: string): { deliveryId?: string } {
  return g.random.chance(0.85) ? { deliveryId } : {};
}

function processorsOf(kind: ProcessorKind): Processor[] {
  return PROCESSORS.filter((processor) => processor.kind === kind);
}

function nearest(candidates: readonly Processor[], from: Place): Processor {
  return candidates.reduce((best, candidate) => (roadKm(from, candidate) < roadKm(from, best) ? candidate : best));
}

// --- collection ------------------------------------------------------------------------------------------------
/** Batches arrive one per slot of equal length, at a random moment within it: spread over the period, in order. */
function scheduleCollection(g: ChainGeneration, now: number): void {
  const at = Math.max(now, Math.round((g.start + (g.slot + g.random.next()) * g.slotLength) / 1_000) * 1_000);
  g.slot += 1;
  g.calendar.schedule(at, (time) => collect(g, time));
}

function collect(g: ChainGeneration, now: number): void {
  const municipality = g.pickMunicipality(g.random);
  const container = g.random.pick(g.containersOf.get(municipality.code)!);
  if (!container.registered) {
    container.registered = true;
    emit(g, {
      type: 'ContainerRegistered',
      containerId: container.id,
      municipality: municipality.code,
      channel: container.channel,
      location: { latitude: container.latitude, longitude: container.longitude },
      registeredAt: new Date(now),
    });
  }
  const batchId = idOf(g, 'B', now);
  const grams = g.random.int(200_000, 900_000);
  emit(g, {
    type: 'BatchCollected',
    batchId,
    containerId: container.id,
    municipality: municipality.code,
    grams: toGrams(grams),
    collectedAt: new Date(now),
  });
  g.calendar.schedule(now + hours(g, 2, 72), (at) => ship(g, at, container, batchId, grams));
  scheduleCollection(g, now);
}

function ship(g: ChainGeneration, now: number, container: Container, batchId: string, grams: number): void {
  const { centre } = container.centre;
  const shipmentId = idOf(g, 'SH', now);
  emit(g, {
    type: 'BatchShipped',
    shipmentId,
    batchId,
    containerId: container.id,
    centreId: centre.id,
    grams: toGrams(grams),
    transportKm: roadKm(container, centre),
    shippedAt: new Date(now),
  });
  g.calendar.schedule(now + hours(g, 1, 30), (at) => receiveBatch(g, at, container.centre, batchId, shipmentId, grams));
}

// --- sorting ---------------------------------------------------------------------------------------------------
function receiveBatch(
  g: ChainGeneration,
  now: number,
  state: CentreState,
  batchId: string,
  shipmentId: string,
  shipped: number,
): void {
  const grams = weighed(g, shipped, 0.08, 0.012);
  emit(g, {
    type: 'NodeReceivedAtCentre',
    receiptId: idOf(g, 'RC', now),
    nodeId: batchId,
    centreId: state.centre.id,
    grams: toGrams(grams),
    receivedAt: new Date(now),
    ...deliveryOf(g, shipmentId),
  });
  state.pool.push({ nodeId: batchId, grams });
  if (state.pool.length >= state.target) {
    const inputs = state.pool;
    state.pool = [];
    state.target = g.random.int(8, 20);
    g.calendar.schedule(now + hours(g, 2, 36), (at) => sort(g, at, state.centre, inputs));
  }
}

function sort(g: ChainGeneration, now: number, centre: Centre, inputs: readonly Holding[]): void {
  const total = inputs.reduce((sum, input) => sum + input.grams, 0);
  const shares = [g.random.between(50, 58), g.random.between(15, 17), g.random.between(15, 17), g.random.between(7, 9)];
  const lossShare = g.random.between(0.5, 1.5);
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
  const shopLots = g.random.int(2, 3);
  for (let index = 0; index < shopLots; index += 1) {
    const grams = g.random.int(40_000, 150_000);
    if (shopGrams + grams > reuse * 0.3) break;
    lots.push({ fraction: g.random.chance(0.2) ? 'reuse.vintage' : 'reuse.creme', grams });
    shopGrams += grams;
  }
  const shoes = Math.floor((reuse - shopGrams) * g.random.between(0.08, 0.14));
  lots.push({ fraction: 'reuse.shoes', grams: shoes });
  for (const grams of splitInParts(g, reuse - shopGrams - shoes, reuse - shopGrams - shoes > 4_000_000 ? 2 : 1)) {
    lots.push({ fraction: 'reuse.export', grams });
  }
  lots.push({ fraction: 'recycling.wipers', grams: wipers });
  if (g.random.chance(0.2)) {
    const [openLoop, fibre] = splitInParts(g, recycling, 2) as [number, number];
    lots.push({ fraction: 'recycling.open-loop', grams: openLoop });
    lots.push({ fraction: 'recycling.fibre-to-fibre', grams: fibre });
  } else {
    const fraction = g.random.chance(0.6) ? 'recycling.open-loop' : 'recycling.fibre-to-fibre';
    lots.push({ fraction, grams: recycling });
  }
  const nonTextile = g.random.chance(0.25) ? Math.floor(residual * g.random.between(0.1, 0.25)) : 0;
  lots.push({ fraction: 'residual.textile', grams: residual - nonTextile });
  if (nonTextile > 0) lots.push({ fraction: 'residual.non-textile', grams: nonTextile });

  const outputs: SortingRunOutput[] = lots
    .filter((lot) => lot.grams > 0)
    .map((lot) => ({ lotId: idOf(g, 'L', now), fraction: lot.fraction, grams: toGrams(lot.grams) }));
  const made = outputs.reduce((sum, output) => sum + Number(output.grams), 0);
  emit(g, {
    type: 'SortingRunCompleted',
    runId: idOf(g, 'SR', now),
    centreId: centre.id,
    inputs: inputs.map((input) => ({ nodeId: input.nodeId, grams: toGrams(input.grams) })),
    outputs,
    lossGrams: toGrams(total - made),
    completedAt: new Date(now),
  });
  for (const { lotId, fraction, grams } of outputs) sendOn(g, now, centre, lotId, fraction, Number(grams));
}

/** Schedules where a fresh lot goes, by its fraction. */
function sendOn(g: ChainGeneration, now: number, centre: Centre, lotId: string, fraction: string, grams: number): void {
  switch (fraction) {
    case 'reuse.creme':
    case 'reuse.vintage':
      g.calendar.schedule(now + days(g, 1, 10), (at) => dispatchToShop(g, at, centre, lotId, grams));
      return;
    case 'reuse.export':
    case 'reuse.shoes':
      g.calendar.schedule(now + days(g, 3, 21), (at) => dispatchAbroad(g, at, centre, lotId, grams));
      return;
    case 'recycling.wipers':
      g.calendar.schedule(now + days(g, 2, 14), (at) => dispatchToProcessor(g, at, centre, lotId, grams, 'wipers'));
      return;
    case 'recycling.open-loop':
      g.calendar.schedule(now + days(g, 2, 14), (at) => dispatchToProcessor(g, at, centre, lotId, grams, 'open-loop'));
      return;
    case 'recycling.fibre-to-fibre':
      g.calendar.schedule(now + days(g, 2, 14), (at) =>
        dispatchToProcessor(g, at, centre, lotId, grams, 'fibre-to-fibre'),
      );
      return;
    case 'residual.textile':
      g.calendar.schedule(now + days(g, 1, 7), (at) =>
        g.random.chance(0.5)
          ? dispatchToProcessor(g, at, centre, lotId, grams, 'residual')
          : dispatchToDisposal(g, at, centre, lotId, grams, false),
      );
      return;
    default:
      g.calendar.schedule(now + days(g, 1, 7), (at) => dispatchToDisposal(g, at, centre, lotId, grams, true));
  }
}

function dispatch(
  g: ChainGeneration,
  now: number,
  centre: Centre,
  lotId: string,
  grams: number,
  destination: Destination,
  km: number,
): string {
  const dispatchId = idOf(g, 'DP', now);
  emit(g, {
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

function dispatchToShop(g: ChainGeneration, now: number, centre: Centre, lotId: string, grams: number): void {
  // Mostly a shop in the centre's own region: local for local.
  const store = g.random.chance(0.85) ? g.random.pick(g.storesNear.get(centre.id)!) : g.random.pick(STORES);
  const dispatchId = dispatch(g, now, centre, lotId, grams, { kind: 'store', id: store.id }, roadKm(centre, store));
  g.calendar.schedule(now + hours(g, 4, 48), (at) => receiveAtShop(g, at, store, lotId, dispatchId, grams));
}

function dispatchAbroad(g: ChainGeneration, now: number, centre: Centre, lotId: string, grams: number): void {
  const exporter = g.random.pick(EXPORTERS);
  dispatch(g, now, centre, lotId, grams, { kind: 'exporter', id: exporter.id, country: exporter.country }, exporter.km);
}

function dispatchToProcessor(
  g: ChainGeneration,
  now: number,
  centre: Centre,
  lotId: string,
  grams: number,
  kind: ProcessorKind,
): void {
  const candidates = processorsOf(kind);
  const processor = g.random.chance(0.7) ? nearest(candidates, centre) : g.random.pick(candidates);
  const destination: Destination = { kind: 'processor', id: processor.id };
  const dispatchId = dispatch(g, now, centre, lotId, grams, destination, roadKm(centre, processor));
  const state = g.processors.get(processor.id)!;
  g.calendar.schedule(now + hours(g, 6, 72), (at) => receiveAtProcessor(g, at, state, lotId, dispatchId, grams));
}

function dispatchToDisposal(
  g: ChainGeneration,
  now: number,
  centre: Centre,
  lotId: string,
  grams: number,
  mayLandfill: boolean,
): void {
  const site = g.random.pick(DISPOSAL_SITES);
  const method: DisposalMethod = mayLandfill && g.random.chance(0.03) ? 'landfill' : g.random.pick(site.methods);
  dispatch(g, now, centre, lotId, grams, { kind: 'disposal', id: site.id, method }, roadKm(centre, site));
}

// --- retail ----------------------------------------------------------------------------------------------------
function receiveAtShop(
  g: ChainGeneration,
  now: number,
  store: Store,
  lotId: string,
  dispatchId: string,
  dispatched: number,
): void {
  const grams = weighed(g, dispatched, 0.03, 0.005);
  emit(g, {
    type: 'LotReceivedAtStore',
    receiptId: idOf(g, 'RS', now),
    lotId,
    storeId: store.id,
    grams: toGrams(grams),
    receivedAt: new Date(now),
    ...deliveryOf(g, dispatchId),
  });
  const sales = g.random.int(10, 30);
  const lot: ShopLot = { lotId, store, remaining: grams, salesLeft: sales, meanGap: days(g, 14, 56) / sales };
  g.calendar.schedule(now + hours(g, 2, 48), (at) => sellOrGive(g, at, lot));
}

function sellOrGive(g: ChainGeneration, now: number, lot: ShopLot): void {
  if (lot.remaining >= 2_000 && g.random.chance(0.04)) {
    const grams = g.random.int(2_000, Math.min(15_000, lot.remaining));
    lot.remaining -= grams;
    emit(g, {
      type: 'ItemsDonated',
      donationId: idOf(g, 'DN', now),
      storeId: lot.store.id,
      lotId: lot.lotId,
      grams: toGrams(grams),
      programme: g.random.pick(PROGRAMMES),
      donatedAt: new Date(now),
    });
  } else if (lot.remaining >= 300) {
    const items = g.random.int(1, 5);
    const grams = Math.min(lot.remaining, items * g.random.int(300, 600));
    lot.remaining -= grams;
    lot.salesLeft -= 1;
    emit(g, {
      type: 'ItemsSold',
      saleId: idOf(g, 'SA', now),
      storeId: lot.store.id,
      lotId: lot.lotId,
      grams: toGrams(grams),
      items,
      revenueCents: BigInt(items * g.random.int(250, 1_500)),
      soldAt: new Date(now),
    });
  } else {
    lot.salesLeft = 0;
  }
  if (lot.remaining === 0) return;
  if (lot.salesLeft > 0) {
    const gap = Math.max(60_000, Math.round((lot.meanGap * g.random.between(0.3, 1.7)) / 1_000) * 1_000);
    g.calendar.schedule(now + gap, (at) => sellOrGive(g, at, lot));
  } else {
    g.calendar.schedule(now + days(g, 1, 10), (at) => returnUnsold(g, at, lot));
  }
}

function returnUnsold(g: ChainGeneration, now: number, lot: ShopLot): void {
  const processor = g.random.chance(0.7)
    ? nearest(processorsOf('open-loop'), lot.store)
    : g.random.pick(processorsOf('upcycling'));
  const returnId = idOf(g, 'RT', now);
  emit(g, {
    type: 'LotReturned',
    returnId,
    storeId: lot.store.id,
    lotId: lot.lotId,
    grams: toGrams(lot.remaining),
    destination: { kind: 'processor', id: processor.id },
    returnedAt: new Date(now),
  });
  const grams = lot.remaining;
  const state = g.processors.get(processor.id)!;
  g.calendar.schedule(now + hours(g, 6, 72), (at) => receiveAtProcessor(g, at, state, lot.lotId, returnId, grams));
}

// --- recycling -------------------------------------------------------------------------------------------------
function receiveAtProcessor(
  g: ChainGeneration,
  now: number,
  state: ProcessorState,
  lotId: string,
  deliveryId: string,
  sent: number,
): void {
  const grams = weighed(g, sent, 0.04, 0.01);
  emit(g, {
    type: 'LotReceivedByProcessor',
    receiptId: idOf(g, 'RP', now),
    lotId,
    processorId: state.processor.id,
    grams: toGrams(grams),
    receivedAt: new Date(now),
    ...deliveryOf(g, deliveryId),
  });
  if (state.processor.kind === 'residual') {
    g.calendar.schedule(now + hours(g, 12, 120), (at) => dispose(g, at, state.processor, lotId, grams));
    return;
  }
  state.pool.push({ nodeId: lotId, grams });
  if (state.pool.length >= state.target) {
    const inputs = state.pool;
    state.pool = [];
    state.target = g.random.int(3, 6);
    g.calendar.schedule(now + hours(g, 12, 96), (at) => processLots(g, at, state.processor, inputs));
  }
}

function processLots(g: ChainGeneration, now: number, processor: Processor, inputs: readonly Holding[]): void {
  const total = inputs.reduce((sum, input) => sum + input.grams, 0);
  const products = productsOf(g, processor.kind);
  const [minLoss, maxLoss] = LOSS_PERCENT[processor.kind];
  const loss = total < 1_000 ? 0 : Math.floor((total * g.random.between(minLoss, maxLoss)) / 100);
  const parts = splitByShares(
    total - loss,
    products.map((product) => product.share),
  );
  const outputs: ProcessingRunOutput[] = products
    .map((product, index) => ({ ...product, grams: parts[index]! }))
    .filter((product) => product.grams > 0)
    .map((product) => ({
      productId: idOf(g, 'P', now),
      outcome: product.outcome,
      productKind: product.productKind,
      grams: toGrams(product.grams),
    }));
  emit(g, {
    type: 'ProcessingRunCompleted',
    runId: idOf(g, 'PR', now),
    processorId: processor.id,
    inputs: inputs.map((input) => ({ nodeId: input.nodeId, grams: toGrams(input.grams) })),
    outputs,
    lossGrams: toGrams(loss),
    completedAt: new Date(now),
  });
}

/** What a processor of `kind` makes, with the share of the usable grams each product gets. */
function productsOf(
  g: ChainGeneration,
  kind: ProcessorKind,
): { outcome: string; productKind: string; share: number }[] {
  switch (kind) {
    case 'wipers':
      return g.random.chance(0.3)
        ? [
            { outcome: 'recycling.open-loop', productKind: 'wipers', share: g.random.between(60, 80) },
            { outcome: 'recycling.open-loop', productKind: 'cleaning-cloths', share: g.random.between(20, 40) },
          ]
        : [{ outcome: 'recycling.open-loop', productKind: 'wipers', share: 100 }];
    case 'open-loop': {
      const productKind = g.random.pick(['insulation', 'filling', 'nonwovens']);
      const main = { outcome: 'recycling.open-loop', productKind, share: 90 };
      return g.random.chance(0.25)
        ? [main, { outcome: 'upcycling', productKind: 'design-products', share: g.random.between(5, 15) }]
        : [main];
    }
    case 'fibre-to-fibre':
      return [
        {
          outcome: 'recycling.fibre-to-fibre',
          productKind: g.random.pick(['recycled-fibre', 'recycled-yarn']),
          share: g.random.between(65, 80),
        },
        { outcome: 'recycling.open-loop', productKind: 'nonwovens', share: g.random.between(20, 35) },
      ];
    case 'upcycling':
    case 'residual':
      return [
        {
          outcome: 'upcycling',
          productKind: g.random.pick(['bags', 'cushions', 'design-products']),
          share: g.random.between(40, 60),
        },
        { outcome: 'recycling.open-loop', productKind: 'filling', share: g.random.between(40, 60) },
      ];
    default:
      return kind satisfies never;
  }
}

function dispose(g: ChainGeneration, now: number, processor: Processor, lotId: string, grams: number): void {
  emit(g, {
    type: 'NodeDisposed',
    disposalId: idOf(g, 'DS', now),
    processorId: processor.id,
    nodeId: lotId,
    grams: toGrams(grams),
    method: g.random.chance(0.8) ? 'energy-recovery' : 'incineration',
    disposedAt: new Date(now),
  });
}

/** `total` in `count` parts of 35-65 % (for two), each at least 1 g when total allows. */
function splitInParts(g: ChainGeneration, total: number, count: number): number[] {
  return splitByShares(
    total,
    Array.from({ length: count }, () => g.random.between(35, 65)),
  );
}

/** Splits `total` in proportion to `shares`, exactly: floors, with what rounding leaves over to the last part. */
function splitByShares(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((acc, share) => acc + share, 0);
  const parts = shares.map((share) => Math.floor((total * share) / sum));
  parts[parts.length - 1]! += total - parts.reduce((acc, part) => acc + part, 0);
  return parts;
}

/**
 * Event ids as the chain's producers write them: UUIDv7 (the outbox writer's), whose first 48 bits are the time the
 * event was written, so a live chain's ids arrive in about ascending order and the ledger's indexes on event ids grow
 * at their end. (Random ids, as this generator gave before, spread every insert over those indexes, which at
 * 10,000,000 events are several times PostgreSQL's default buffer cache: a cost production does not have.) The time here is the fact's
 * business time, a generated chain being written as it happens; the other bits are a pure function of the seed and
 * the fact's number, so a chain is the same at every run, and its last eight hex digits are that number, so ids never
 * repeat within a chain.
 */
function eventIdsFor(seed: number): (counter: number, at: Date) => string {
  const seedHash = mix32(seed ^ 0x5eed_c4a1);
  const tag = hex(seedHash >>> 16, 4);
  return (counter, at) => {
    const a = mix32((counter ^ seedHash) >>> 0);
    const b = mix32((a + counter) >>> 0);
    const time = at.getTime().toString(16).padStart(12, '0');
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(a & 0xfff, 3)}-${hex(0x8000 | (b & 0x3fff), 4)}-${tag}${hex(counter, 8)}`;
  };
}

function hex(value: number, width: number): string {
  return (value >>> 0).toString(16).padStart(width, '0');
}
