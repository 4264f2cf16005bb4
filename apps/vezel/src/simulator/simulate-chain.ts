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

/**
 * Simulates a charity textile operation day by day (see chain-places.ts): containers in two dozen municipalities
 * fill batches of 150-600 kg that are shipped to the nearest of three sorting centres and received a little
 * lighter; every third day a centre sorts what it received into creme (shop grade), export, wipers,
 * fibre-to-fibre and residual lots; creme goes to the centre's stores, which sell it over the following weeks,
 * give some away and send the rest to the upcycling workshop; export goes abroad, recycling grades to the
 * processors (a run every fifth day), residue to energy recovery. Every number is an integer of grams.
 */
export function simulateChain(options: SimulationOptions): SimulatedChain {
  const random = seededRandom(options.seed);
  const start = options.start ?? new Date('2026-01-05T00:00:00Z');
  const commands: { command: ChainCommand; order: number }[] = [];
  const collectedGrams = new Map<string, number>();
  let order = 0;
  let sequence = 0;
  const next = (prefix: string) => `${prefix}-${options.seed}-${String(++sequence).padStart(6, '0')}`;
  const add = (at: Date, service: ChainCommand['service'], path: string, body: Record<string, unknown>) =>
    commands.push({ command: { at, service, path, body }, order: order++ });
  const time = (day: number, hours: number) => new Date(start.getTime() + day * DAY + hours * HOUR);

  const containers = MUNICIPALITIES.flatMap((municipality) =>
    Array.from({ length: Math.max(1, Math.round(2 * options.scale)) }, (_, index) => ({
      id: `C-${municipality.code}-${String(index + 1).padStart(3, '0')}`,
      municipality,
      channel: random.pick(CHANNELS),
    })),
  );
  for (const container of containers) {
    add(time(0, 6), 'collection', 'containers', {
      containerId: container.id,
      municipality: container.municipality.code,
      channel: container.channel,
    });
  }

  const centrePools: Held[][] = CENTRES.map(() => []);
  const processorPools = new Map<string, Held[]>(PROCESSORS.map((processor) => [processor.id, []]));
  const processor = (kind: Processor['kind']) => PROCESSORS.find((candidate) => candidate.kind === kind)!;

  for (let day = 0; day < options.days; day++) {
    // Collection rounds: about a third of the containers are emptied each day.
    for (const container of containers) {
      if (random.next() > 0.35) continue;
      const batchId = next('B');
      const grams = random.between(150_000, 600_000);
      const minute = random.between(0, 480);
      add(time(day, 7 + minute / 60), 'collection', 'batches', {
        batchId,
        containerId: container.id,
        grams,
        collectedAt: time(day, 7 + minute / 60).toISOString(),
      });
      collectedGrams.set(container.municipality.code, (collectedGrams.get(container.municipality.code) ?? 0) + grams);
      const shipmentId = next('S');
      const centre = CENTRES[container.municipality.centre]!;
      add(time(day, 16), 'collection', `batches/${batchId}/shipments`, {
        shipmentId,
        centreId: centre.id,
        grams,
        transportKm: container.municipality.km,
        shippedAt: time(day, 16).toISOString(),
      });
      // Now and then a little goes missing or dries out on the road.
      const received = grams - (random.next() < 0.3 ? random.between(0, Math.floor(grams / 200)) : 0);
      add(time(day + 1, 7.5), 'sorting', 'receipts', {
        receiptId: next('RC'),
        nodeId: batchId,
        centreId: centre.id,
        grams: received,
        deliveryId: shipmentId,
        receivedAt: time(day + 1, 7.5).toISOString(),
      });
      centrePools[container.municipality.centre]!.push({ nodeId: batchId, grams: received, at: time(day + 1, 7.5) });
    }

    // Sorting runs every third day, on what arrived by then.
    if (day % 3 === 2) {
      CENTRES.forEach((centre, centreIndex) => {
        const pool = centrePools[centreIndex]!.splice(0);
        if (pool.length === 0) return;
        const input = pool.reduce((sum, held) => sum + held.grams, 0);
        const lossGrams = Math.floor((input * SORTING_LOSS_PER_MILLE) / 1000);
        const outputs = splitByPerMille(
          input - lossGrams,
          SORTING_SPLIT.map((share) => share.perMille),
        ).map((grams, index) => ({
          lotId: next('L'),
          fraction: SORTING_SPLIT[index]!.fraction,
          grams,
        }));
        const completed = time(day + 1, 16);
        add(completed, 'sorting', 'runs', {
          runId: next('RUN'),
          centreId: centre.id,
          completedAt: completed.toISOString(),
          inputs: pool.map((held) => ({ nodeId: held.nodeId, grams: held.grams })),
          outputs,
          lossGrams,
        });
        for (const lot of outputs) dispatchLot(day + 2, centreIndex, lot);
      });
    }

    // Processing runs every fifth day.
    if (day % 5 === 4) {
      for (const proc of PROCESSORS) runProcessor(proc, time(day + 1, 12));
    }
  }
  // What the stores return arrives at the workshop after the last day (sales run on for a week and a half): one
  // last run per processor, after its last receipt, so that no simulated chain ends with its upcycling unmade.
  for (const proc of PROCESSORS) {
    const waiting = processorPools.get(proc.id)!;
    if (waiting.length > 0)
      runProcessor(proc, new Date(Math.max(...waiting.map((held) => held.at.getTime())) + 2 * HOUR));
  }

  function runProcessor(proc: Processor, completed: Date): void {
    const waiting = processorPools.get(proc.id)!;
    const pool = waiting.filter((held) => held.at < completed);
    processorPools.set(
      proc.id,
      waiting.filter((held) => held.at >= completed),
    );
    if (pool.length === 0) return;
    const input = pool.reduce((sum, held) => sum + held.grams, 0);
    const lossGrams = Math.floor((input * random.between(proc.lossPercent[0], proc.lossPercent[1])) / 100);
    add(completed, 'recycling', 'runs', {
      runId: next('PRUN'),
      processorId: proc.id,
      completedAt: completed.toISOString(),
      inputs: pool.map((held) => ({ nodeId: held.nodeId, grams: held.grams })),
      outputs: [
        { productId: next('P'), outcome: proc.outcome, productKind: proc.productKind, grams: input - lossGrams },
      ],
      lossGrams,
    });
  }

  commands.sort((a, b) => a.command.at.getTime() - b.command.at.getTime() || a.order - b.order);
  return { commands: commands.map((entry) => entry.command), collectedGrams };

  function dispatchLot(
    day: number,
    centreIndex: number,
    lot: { lotId: string; fraction: string; grams: number },
  ): void {
    if (lot.grams === 0) return;
    const dispatchId = next('D');
    const at = time(day, 9 + random.next() * 6);
    let destination: Record<string, string>;
    switch (lot.fraction) {
      case 'reuse.creme': {
        const store = random.pick(STORES.filter((candidate) => candidate.centre === centreIndex));
        destination = { kind: 'store', id: store.id };
        add(at, 'sorting', `lots/${lot.lotId}/dispatches`, {
          dispatchId,
          grams: lot.grams,
          destination,
          dispatchedAt: at.toISOString(),
        });
        sellInStore(day + 1, store.id, lot.lotId, lot.grams, dispatchId);
        return;
      }
      case 'reuse.export': {
        const exporter = random.pick(EXPORTERS);
        destination = { kind: 'exporter', id: exporter.id, country: exporter.country };
        break;
      }
      case 'residual.textile':
        destination = { kind: 'disposal', id: DISPOSAL_SITE.id, method: DISPOSAL_SITE.method };
        break;
      default: {
        const proc = processor(lot.fraction === 'recycling.fibre-to-fibre' ? 'fibre-to-fibre' : 'open-loop');
        destination = { kind: 'processor', id: proc.id };
        add(at, 'sorting', `lots/${lot.lotId}/dispatches`, {
          dispatchId,
          grams: lot.grams,
          destination,
          dispatchedAt: at.toISOString(),
        });
        receiveAtProcessor(day + 1, proc.id, lot.lotId, lot.grams);
        return;
      }
    }
    add(at, 'sorting', `lots/${lot.lotId}/dispatches`, {
      dispatchId,
      grams: lot.grams,
      destination,
      dispatchedAt: at.toISOString(),
    });
  }

  function receiveAtProcessor(day: number, processorId: string, lotId: string, grams: number): void {
    const at = time(day, 10);
    add(at, 'recycling', 'receipts', {
      receiptId: next('RP'),
      lotId,
      processorId,
      grams,
      receivedAt: at.toISOString(),
    });
    processorPools.get(processorId)!.push({ nodeId: lotId, grams, at });
  }

  function sellInStore(day: number, storeId: string, lotId: string, dispatched: number, deliveryId: string): void {
    const received = dispatched - (random.next() < 0.2 ? random.between(0, Math.floor(dispatched / 500)) : 0);
    add(time(day, 8), 'retail', 'receipts', {
      receiptId: next('RR'),
      lotId,
      storeId,
      grams: received,
      deliveryId,
      receivedAt: time(day, 8).toISOString(),
    });
    let left = received;
    // Sales over the next week and a half sell about two thirds; a twentieth is given away; the rest is upcycled.
    const sales = random.between(4, 10);
    for (let sale = 0; sale < sales; sale++) {
      const grams = Math.floor((received * random.between(50, 85)) / 100 / sales);
      if (grams <= 0 || grams > left) continue;
      left -= grams;
      const at = time(day + 1 + Math.floor(sale / 2), 10 + random.next() * 7);
      const items = Math.max(1, Math.round(grams / 450));
      add(at, 'retail', 'sales', {
        saleId: next('SALE'),
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
      const at = time(day + 8, 11);
      add(at, 'retail', 'donations', {
        donationId: next('DON'),
        storeId,
        lotId,
        grams: donated,
        programme: random.pick(PROGRAMMES),
        donatedAt: at.toISOString(),
      });
    }
    if (left > 0) {
      const workshop = processor('upcycling');
      const at = time(day + 9, 17);
      add(at, 'retail', 'returns', {
        returnId: next('RET'),
        storeId,
        lotId,
        grams: left,
        destination: { kind: 'processor', id: workshop.id },
        returnedAt: at.toISOString(),
      });
      receiveAtProcessor(day + 10, workshop.id, lotId, left);
    }
  }
}

/** `total` split by per-mille shares, largest remainder first, so the parts add up to it exactly. */
function splitByPerMille(total: number, perMille: readonly number[]): number[] {
  return splitByLargestRemainder(toGrams(total), perMille.map(BigInt)).map(Number);
}
