import { splitByLargestRemainder, toGrams } from '@vezel/grams';
import {
  CENTRES,
  DISPOSAL_SITE,
  EXPORTERS,
  MUNICIPALITIES,
  PROCESSORS,
  SORTING_LOSS_PER_MILLE,
  SORTING_SPLIT,
  STORES,
  type Processor,
} from './chain-places.ts';
import { seededRandom } from './seeded-random.ts';

/** One command for a chain service's HTTP API: POST `/v1/<service>/<path>` with `body`, due at `at`. */
export interface ChainCommand {
  readonly at: Date;
  readonly service: 'collection' | 'sorting' | 'retail' | 'recycling';
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export interface SimulationOptions {
  /** The same seed gives the same commands. */
  readonly seed: number;
  /** Days of collection; what is still open at the end stays open (stock in stores, pools at centres). */
  readonly days: number;
  /** Containers per municipality (1 = two each). */
  readonly scale: number;
  /** The first day (UTC midnight). */
  readonly start?: Date;
}

/** A simulated chain: its commands in the order they happen, and the grams collected per municipality. */
export interface SimulatedChain {
  readonly commands: readonly ChainCommand[];
  readonly collectedGrams: ReadonlyMap<string, number>;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PROGRAMMES = ['kledingbank', 'daklozenopvang', 'vluchtelingenwerk'];
const CHANNELS = ['street-container', 'street-container', 'street-container', 'store-drop-off', 'door-to-door'];

interface Held {
  readonly nodeId: string;
  readonly grams: number;
  /** When it was received: a run can only take what it holds by then. */
  readonly at: Date;
}

/** A simulated container: where it stands and how it is emptied. */
interface SimulatedContainer {
  readonly id: string;
  readonly municipality: (typeof MUNICIPALITIES)[number];
  readonly channel: string;
}

/** A lot a sorting run made, waiting to be dispatched. */
interface SortedLot {
  readonly lotId: string;
  readonly fraction: string;
  readonly grams: number;
}

/**
 * The state one simulation builds up: its random numbers, the commands so far (with the order they were made in,
 * which breaks ties between commands due at the same instant), what the centres and processors hold, and what each
 * municipality collected. Every stage below takes it and adds to it; the random numbers are drawn in one fixed
 * order, so a seed always gives the same chain.
 */
interface SimulationRun {
  readonly random: ReturnType<typeof seededRandom>;
  readonly seed: number;
  readonly start: Date;
  readonly commands: { command: ChainCommand; order: number }[];
  readonly collectedGrams: Map<string, number>;
  readonly centrePools: Held[][];
  readonly processorPools: Map<string, Held[]>;
  sequence: number;
}

/**
 * Simulates a charity textile operation day by day (see chain-places.ts): containers in two dozen municipalities
 * fill batches of 150-600 kg that are shipped to the nearest of three sorting centres and received a little
 * lighter; every third day a centre sorts what it received into creme (shop grade), export, wipers,
 * fibre-to-fibre and residual lots; creme goes to the centre's stores, which sell it over the following weeks,
 * give some away and send the rest to the upcycling workshop; export goes abroad, recycling grades to the
 * processors (a run every fifth day), residue to energy recovery. Every number is an integer of grams.
 */
export function simulateChain(options: SimulationOptions): SimulatedChain {
  const run: SimulationRun = {
    random: seededRandom(options.seed),
    seed: options.seed,
    start: options.start ?? new Date('2026-01-05T00:00:00Z'),
    commands: [],
    collectedGrams: new Map(),
    centrePools: CENTRES.map(() => []),
    processorPools: new Map(PROCESSORS.map((processor) => [processor.id, []])),
    sequence: 0,
  };
  const containers = registerContainers(run, options.scale);
  for (let day = 0; day < options.days; day++) {
    collectAndShip(run, containers, day);
    // Sorting runs every third day, on what arrived by then; processing runs every fifth.
    if (day % 3 === 2) sortAtCentres(run, day);
    if (day % 5 === 4) for (const processor of PROCESSORS) runProcessor(run, processor, timeOf(run, day + 1, 12));
  }
  processWhatIsLeft(run);
  run.commands.sort((a, b) => a.command.at.getTime() - b.command.at.getTime() || a.order - b.order);
  return { commands: run.commands.map((entry) => entry.command), collectedGrams: run.collectedGrams };
}

/** The next id of a kind: `B-<seed>-000042`. */
function nextId(run: SimulationRun, prefix: string): string {
  run.sequence += 1;
  return `${prefix}-${run.seed}-${String(run.sequence).padStart(6, '0')}`;
}

function addCommand(
  run: SimulationRun,
  at: Date,
  service: ChainCommand['service'],
  path: string,
  body: Record<string, unknown>,
): void {
  run.commands.push({ command: { at, service, path, body }, order: run.commands.length });
}

/** `hours` into simulated day `day`. */
function timeOf(run: SimulationRun, day: number, hours: number): Date {
  return new Date(run.start.getTime() + day * DAY + hours * HOUR);
}

function processorOfKind(kind: Processor['kind']): Processor {
  return PROCESSORS.find((candidate) => candidate.kind === kind)!;
}

/** Two containers per municipality at scale 1, registered on the first morning. */
function registerContainers(run: SimulationRun, scale: number): SimulatedContainer[] {
  const containers = MUNICIPALITIES.flatMap((municipality) =>
    Array.from({ length: Math.max(1, Math.round(2 * scale)) }, (_, index) => ({
      id: `C-${municipality.code}-${String(index + 1).padStart(3, '0')}`,
      municipality,
      channel: run.random.pick(CHANNELS),
    })),
  );
  for (const container of containers) {
    addCommand(run, timeOf(run, 0, 6), 'collection', 'containers', {
      containerId: container.id,
      municipality: container.municipality.code,
      channel: container.channel,
    });
  }
  return containers;
}

/**
 * A day's collection rounds: about a third of the containers are emptied, each batch shipped to its municipality's
 * centre that afternoon and received there the next morning, now and then a little lighter.
 */
function collectAndShip(run: SimulationRun, containers: readonly SimulatedContainer[], day: number): void {
  const { random } = run;
  for (const container of containers) {
    if (random.next() > 0.35) continue;
    const batchId = nextId(run, 'B');
    const grams = random.between(150_000, 600_000);
    const minute = random.between(0, 480);
    addCommand(run, timeOf(run, day, 7 + minute / 60), 'collection', 'batches', {
      batchId,
      containerId: container.id,
      grams,
      collectedAt: timeOf(run, day, 7 + minute / 60).toISOString(),
    });
    const code = container.municipality.code;
    run.collectedGrams.set(code, (run.collectedGrams.get(code) ?? 0) + grams);
    const shipmentId = nextId(run, 'S');
    const centre = CENTRES[container.municipality.centre]!;
    addCommand(run, timeOf(run, day, 16), 'collection', `batches/${batchId}/shipments`, {
      shipmentId,
      centreId: centre.id,
      grams,
      transportKm: container.municipality.km,
      shippedAt: timeOf(run, day, 16).toISOString(),
    });
    // Now and then a little goes missing or dries out on the road.
    const received = grams - (random.next() < 0.3 ? random.between(0, Math.floor(grams / 200)) : 0);
    const receivedAt = timeOf(run, day + 1, 7.5);
    addCommand(run, receivedAt, 'sorting', 'receipts', {
      receiptId: nextId(run, 'RC'),
      nodeId: batchId,
      centreId: centre.id,
      grams: received,
      deliveryId: shipmentId,
      receivedAt: receivedAt.toISOString(),
    });
    run.centrePools[container.municipality.centre]!.push({ nodeId: batchId, grams: received, at: receivedAt });
  }
}

/** Each centre sorts all it holds into the sorting split's lots, and dispatches them the day after. */
function sortAtCentres(run: SimulationRun, day: number): void {
  CENTRES.forEach((centre, centreIndex) => {
    const pool = run.centrePools[centreIndex]!.splice(0);
    if (pool.length === 0) return;
    const input = pool.reduce((sum, held) => sum + held.grams, 0);
    const lossGrams = Math.floor((input * SORTING_LOSS_PER_MILLE) / 1000);
    const outputs = splitByPerMille(
      input - lossGrams,
      SORTING_SPLIT.map((share) => share.perMille),
    ).map((grams, index) => ({ lotId: nextId(run, 'L'), fraction: SORTING_SPLIT[index]!.fraction, grams }));
    const completed = timeOf(run, day + 1, 16);
    addCommand(run, completed, 'sorting', 'runs', {
      runId: nextId(run, 'RUN'),
      centreId: centre.id,
      completedAt: completed.toISOString(),
      inputs: pool.map((held) => ({ nodeId: held.nodeId, grams: held.grams })),
      outputs,
      lossGrams,
    });
    for (const lot of outputs) dispatchLot(run, day + 2, centreIndex, lot);
  });
}

/**
 * What the stores return arrives at the workshop after the last day (sales run on for a week and a half): one last
 * run per processor, after its last receipt, so that no simulated chain ends with its upcycling unmade.
 */
function processWhatIsLeft(run: SimulationRun): void {
  for (const processor of PROCESSORS) {
    const waiting = run.processorPools.get(processor.id)!;
    if (waiting.length > 0) {
      runProcessor(run, processor, new Date(Math.max(...waiting.map((held) => held.at.getTime())) + 2 * HOUR));
    }
  }
}

/** A processor turns all it received before `completed` into one product, less its loss. */
function runProcessor(run: SimulationRun, processor: Processor, completed: Date): void {
  const waiting = run.processorPools.get(processor.id)!;
  const pool = waiting.filter((held) => held.at < completed);
  run.processorPools.set(
    processor.id,
    waiting.filter((held) => held.at >= completed),
  );
  if (pool.length === 0) return;
  const input = pool.reduce((sum, held) => sum + held.grams, 0);
  const lossGrams = Math.floor((input * run.random.between(processor.lossPercent[0], processor.lossPercent[1])) / 100);
  addCommand(run, completed, 'recycling', 'runs', {
    runId: nextId(run, 'PRUN'),
    processorId: processor.id,
    completedAt: completed.toISOString(),
    inputs: pool.map((held) => ({ nodeId: held.nodeId, grams: held.grams })),
    outputs: [
      {
        productId: nextId(run, 'P'),
        outcome: processor.outcome,
        productKind: processor.productKind,
        grams: input - lossGrams,
      },
    ],
    lossGrams,
  });
}

/**
 * Where a lot goes by its fraction: creme to one of the centre's stores (which sells it), export abroad, residue to
 * energy recovery, recycling grades to their processor (which receives it the next day).
 */
function dispatchLot(run: SimulationRun, day: number, centreIndex: number, lot: SortedLot): void {
  if (lot.grams === 0) return;
  const { random } = run;
  const dispatchId = nextId(run, 'D');
  const at = timeOf(run, day, 9 + random.next() * 6);
  const dispatch = (destination: Record<string, string>): void =>
    addCommand(run, at, 'sorting', `lots/${lot.lotId}/dispatches`, {
      dispatchId,
      grams: lot.grams,
      destination,
      dispatchedAt: at.toISOString(),
    });
  switch (lot.fraction) {
    case 'reuse.creme': {
      const store = random.pick(STORES.filter((candidate) => candidate.centre === centreIndex));
      dispatch({ kind: 'store', id: store.id });
      sellInStore(run, day + 1, store.id, lot.lotId, lot.grams, dispatchId);
      return;
    }
    case 'reuse.export': {
      const exporter = random.pick(EXPORTERS);
      dispatch({ kind: 'exporter', id: exporter.id, country: exporter.country });
      return;
    }
    case 'residual.textile':
      dispatch({ kind: 'disposal', id: DISPOSAL_SITE.id, method: DISPOSAL_SITE.method });
      return;
    default: {
      const processor = processorOfKind(lot.fraction === 'recycling.fibre-to-fibre' ? 'fibre-to-fibre' : 'open-loop');
      dispatch({ kind: 'processor', id: processor.id });
      receiveAtProcessor(run, day + 1, processor.id, lot.lotId, lot.grams);
    }
  }
}

function receiveAtProcessor(run: SimulationRun, day: number, processorId: string, lotId: string, grams: number): void {
  const at = timeOf(run, day, 10);
  addCommand(run, at, 'recycling', 'receipts', {
    receiptId: nextId(run, 'RP'),
    lotId,
    processorId,
    grams,
    receivedAt: at.toISOString(),
  });
  run.processorPools.get(processorId)!.push({ nodeId: lotId, grams, at });
}

/**
 * A store receives a creme lot (a little lighter now and then), sells about two thirds of it over the next week and
 * a half, gives a twentieth away, and returns the rest to the upcycling workshop.
 */
function sellInStore(
  run: SimulationRun,
  day: number,
  storeId: string,
  lotId: string,
  dispatched: number,
  deliveryId: string,
): void {
  const { random } = run;
  const received = dispatched - (random.next() < 0.2 ? random.between(0, Math.floor(dispatched / 500)) : 0);
  addCommand(run, timeOf(run, day, 8), 'retail', 'receipts', {
    receiptId: nextId(run, 'RR'),
    lotId,
    storeId,
    grams: received,
    deliveryId,
    receivedAt: timeOf(run, day, 8).toISOString(),
  });
  let left = received;
  const sales = random.between(4, 10);
  for (let sale = 0; sale < sales; sale++) {
    const grams = Math.floor((received * random.between(50, 85)) / 100 / sales);
    if (grams <= 0 || grams > left) continue;
    left -= grams;
    const at = timeOf(run, day + 1 + Math.floor(sale / 2), 10 + random.next() * 7);
    const items = Math.max(1, Math.round(grams / 450));
    addCommand(run, at, 'retail', 'sales', {
      saleId: nextId(run, 'SALE'),
      storeId,
      lotId,
      grams,
      items,
      revenueCents: items * random.between(250, 1200),
      soldAt: at.toISOString(),
    });
  }
  const donated = Math.min(left, Math.floor(received / 20));
  if (donated > 0) {
    left -= donated;
    const at = timeOf(run, day + 8, 11);
    addCommand(run, at, 'retail', 'donations', {
      donationId: nextId(run, 'DON'),
      storeId,
      lotId,
      grams: donated,
      programme: random.pick(PROGRAMMES),
      donatedAt: at.toISOString(),
    });
  }
  if (left > 0) {
    const workshop = processorOfKind('upcycling');
    const at = timeOf(run, day + 9, 17);
    addCommand(run, at, 'retail', 'returns', {
      returnId: nextId(run, 'RET'),
      storeId,
      lotId,
      grams: left,
      destination: { kind: 'processor', id: workshop.id },
      returnedAt: at.toISOString(),
    });
    receiveAtProcessor(run, day + 10, workshop.id, lotId, left);
  }
}

/** `total` split by per-mille shares, largest remainder first, so the parts add up to it exactly. */
function splitByPerMille(total: number, perMille: readonly number[]): number[] {
  return splitByLargestRemainder(toGrams(total), perMille.map(BigInt)).map(Number);
}
