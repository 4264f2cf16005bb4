import { LEDGER_FACT_TYPES, occurredAtOf, type LedgerFact, type LedgerFactType } from '../src/domain/index.ts';
import { seededRandom } from './seeded-random.ts';

/** What a stream of facts held, counted as it went by (no fact is kept). */
export interface ChainSummary {
  readonly facts: number;
  readonly countsByType: Readonly<Record<LedgerFactType, number>>;
  readonly collectedGrams: bigint;
  /** Grams collected per municipality and UTC calendar year, keyed `GM0150/2025`. */
  readonly collectedGramsByMunicipalityYear: ReadonlyMap<string, bigint>;
  /** Grams that reached each terminal outcome, and `loss` (run losses and receipt shortfalls); the rest is stock. */
  readonly outcomeGrams: ReadonlyMap<string, bigint>;
  /** CBS codes of the municipalities batches were collected in, sorted. */
  readonly municipalities: readonly string[];
  readonly firstAt: Date | undefined;
  readonly lastAt: Date | undefined;
  /** A uniform random sample (reservoir) of the node ids seen, per kind: sources for trace queries. */
  readonly samples: {
    readonly batches: readonly string[];
    readonly lots: readonly string[];
    readonly products: readonly string[];
  };
}

/** Counts facts into a {@link ChainSummary}. */
export interface ChainTally {
  add(fact: LedgerFact): void;
  summary(): ChainSummary;
}

/**
 * A tally of facts. Receipt shortfalls are matched to deliveries by delivery id, or else by node and receiving
 * party, which is exact for chains with at most one open delivery per node and party (as generateChain makes).
 */
export function createChainTally(options: { readonly sampleSize?: number; readonly seed?: number } = {}): ChainTally {
  const sampleSize = options.sampleSize ?? 1_000;
  const random = seededRandom(options.seed ?? 0, 1);
  const countsByType = Object.fromEntries(LEDGER_FACT_TYPES.map((type) => [type, 0])) as Record<LedgerFactType, number>;
  const byMunicipalityYear = new Map<string, bigint>();
  const outcomes = new Map<string, bigint>();
  const municipalities = new Set<string>();
  /** Open deliveries: delivery id -> grams, and node + party -> delivery id. */
  const openDeliveries = new Map<string, bigint>();
  const openByNodeAndParty = new Map<string, string>();
  const reservoirs = { batches: [] as string[], lots: [] as string[], products: [] as string[] };
  const seen = { batches: 0, lots: 0, products: 0 };
  let facts = 0;
  let collectedGrams = 0n;
  let firstAt: Date | undefined;
  let lastAt: Date | undefined;

  const reach = (outcome: string, grams: bigint): void => {
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0n) + grams);
  };
  const sample = (kind: keyof typeof reservoirs, nodeId: string): void => {
    seen[kind] += 1;
    const reservoir = reservoirs[kind];
    if (reservoir.length < sampleSize) reservoir.push(nodeId);
    else {
      const slot = Math.floor(random.next() * seen[kind]);
      if (slot < sampleSize) reservoir[slot] = nodeId;
    }
  };
  const open = (deliveryId: string, nodeId: string, party: string, grams: bigint): void => {
    openDeliveries.set(deliveryId, grams);
    openByNodeAndParty.set(`${nodeId}\u0000${party}`, deliveryId);
  };
  const close = (deliveryId: string | undefined, nodeId: string, party: string, received: bigint): void => {
    const key = `${nodeId}\u0000${party}`;
    const id = deliveryId ?? openByNodeAndParty.get(key);
    const sent = id === undefined ? undefined : openDeliveries.get(id);
    if (id === undefined || sent === undefined) return;
    openDeliveries.delete(id);
    if (openByNodeAndParty.get(key) === id) openByNodeAndParty.delete(key);
    if (sent > received) reach('loss', sent - received);
  };

  return {
    add(fact) {
      facts += 1;
      countsByType[fact.type] += 1;
      const at = occurredAtOf(fact);
      if (firstAt === undefined || at < firstAt) firstAt = at;
      if (lastAt === undefined || at > lastAt) lastAt = at;
      switch (fact.type) {
        case 'ContainerRegistered':
          return;
        case 'BatchCollected': {
          collectedGrams += fact.grams;
          municipalities.add(fact.municipality);
          const key = `${fact.municipality}/${fact.collectedAt.getUTCFullYear()}`;
          byMunicipalityYear.set(key, (byMunicipalityYear.get(key) ?? 0n) + fact.grams);
          sample('batches', fact.batchId);
          return;
        }
        case 'BatchShipped':
          open(fact.shipmentId, fact.batchId, `centre:${fact.centreId}`, fact.grams);
          return;
        case 'NodeReceivedAtCentre':
          close(fact.deliveryId, fact.nodeId, `centre:${fact.centreId}`, fact.grams);
          return;
        case 'SortingRunCompleted':
          reach('loss', fact.lossGrams);
          for (const output of fact.outputs) sample('lots', output.lotId);
          return;
        case 'LotDispatched':
        case 'LotReturned': {
          const { destination } = fact;
          const deliveryId = fact.type === 'LotDispatched' ? fact.dispatchId : fact.returnId;
          if (destination.kind === 'exporter') reach('reuse.exported', fact.grams);
          else if (destination.kind === 'disposal') reach(`disposal.${destination.method}`, fact.grams);
          else open(deliveryId, fact.lotId, `${destination.kind}:${destination.id}`, fact.grams);
          return;
        }
        case 'LotReceivedAtStore':
          close(fact.deliveryId, fact.lotId, `store:${fact.storeId}`, fact.grams);
          return;
        case 'LotReceivedByProcessor':
          close(fact.deliveryId, fact.lotId, `processor:${fact.processorId}`, fact.grams);
          return;
        case 'ItemsSold':
          reach('reuse.sold', fact.grams);
          return;
        case 'ItemsDonated':
          reach('reuse.donated', fact.grams);
          return;
        case 'ProcessingRunCompleted':
          reach('loss', fact.lossGrams);
          for (const output of fact.outputs) {
            reach(output.outcome, output.grams);
            sample('products', output.productId);
          }
          return;
        case 'NodeDisposed':
          reach(`disposal.${fact.method}`, fact.grams);
          return;
        default:
          fact satisfies never;
      }
    },
    summary() {
      return {
        facts,
        countsByType: { ...countsByType },
        collectedGrams,
        collectedGramsByMunicipalityYear: new Map(byMunicipalityYear),
        outcomeGrams: new Map(outcomes),
        municipalities: [...municipalities].sort(),
        firstAt,
        lastAt,
        samples: { batches: [...reservoirs.batches], lots: [...reservoirs.lots], products: [...reservoirs.products] },
      };
    },
  };
}
