import fc from 'fast-check';
import { splitByLargestRemainder, toGrams, type Grams } from '@vezel/grams';
import {
  holderKeyOf,
  type Destination,
  type DisposalMethod,
  type Holder,
  type LedgerFact,
  type PartyHolder,
  type Outcome,
} from '../../src/domain/index.ts';

/*
 * Random valid chains for the property tests: a small simulation of the whole chain that only issues what the
 * chain services would accept (nobody uses more than they hold, runs balance, a receipt names its delivery unless
 * that delivery is the oldest open one to its party). Its decisions come from a list of dice, so fast-check can
 * shrink a failing chain by shrinking the list. The simulation keeps its own books (who holds what, which grams
 * reached which outcome) so the tests can hold the ledger's figures against them.
 */

/** A generated chain: its facts in the order they happened, and the simulation's own books. */
export interface Chain {
  readonly facts: readonly LedgerFact[];
  /** Grams each holder has of each node at the end: node id -> holder key -> grams (positive only). */
  readonly holdings: ReadonlyMap<string, ReadonlyMap<string, { readonly holder: Holder; readonly grams: bigint }>>;
  /** Grams that reached each terminal outcome. */
  readonly outcomes: ReadonlyMap<Outcome, bigint>;
  readonly batchIds: readonly string[];
}

/**
 * Dice for one chain. {@link playChain} reads them round and round, mixing in the position, so a short list still
 * plays a long chain, and shrinking the list towards fewer, smaller dice gives simpler chains.
 */
export const chainDiceArbitrary: fc.Arbitrary<readonly number[]> = fc.array(fc.nat({ max: 0x7fff_ffff }), {
  minLength: 1,
  maxLength: 64,
});

/** A random valid chain. */
export const chainArbitrary: fc.Arbitrary<Chain> = chainDiceArbitrary.map((dice) => playChain(dice));

const MUNICIPALITIES = ['GM0150', 'GM0193', 'GM0344'];
const CENTRES = ['DEV', 'OOS'];
const STORES = ['ST-1', 'ST-2'];
const PROCESSORS = ['P-1', 'P-2'];
const FRACTIONS = ['reuse.creme', 'reuse.export', 'recycling.wipers', 'residual.textile'];
// `recycling.chemical` stands for an outcome added to the open vocabulary after this ledger was written (ADR 7).
const PRODUCT_OUTCOMES: readonly Outcome[] = [
  'recycling.fibre-to-fibre',
  'recycling.open-loop',
  'upcycling',
  'recycling.chemical',
];
const DISPOSAL_METHODS: readonly DisposalMethod[] = ['energy-recovery', 'incineration', 'landfill'];

/** A fact without its event id (the simulation numbers events as it emits them). */
type FactBody = LedgerFact extends infer Fact ? (Fact extends LedgerFact ? Omit<Fact, 'eventId'> : never) : never;

interface OpenDelivery {
  readonly deliveryId: string;
  readonly nodeId: string;
  readonly to: PartyHolder;
  readonly grams: bigint;
}

/** Plays a chain from `dice`. */
export function playChain(dice: readonly number[]): Chain {
  let next = 0;
  /** A number in [0, bound). */
  const roll = (bound: number | bigint): bigint => {
    const value = BigInt(mix((dice[next % dice.length] ?? 0) + next * 0x9e37_79b9));
    next += 1;
    return value % BigInt(bound);
  };
  const pick = <T>(items: readonly T[]): T => items[Number(roll(items.length))]!;
  /** A whole number of grams in [1, max]. */
  const upTo = (max: bigint): Grams => toGrams(roll(max) + 1n);

  const facts: LedgerFact[] = [];
  const holdings = new Map<string, Map<string, { holder: Holder; grams: bigint }>>();
  const outcomes = new Map<Outcome, bigint>();
  const open: OpenDelivery[] = [];
  const batchIds: string[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let sequence = 0;
  const newId = (prefix: string) => `${prefix}-${String((sequence += 1)).padStart(4, '0')}`;
  const emit = (fact: FactBody): void => {
    facts.push({ ...fact, eventId: newId('ev') });
  };
  // Equal times happen (several facts in one hour step of zero), so the ledger's event-id tie-break is exercised.
  const now = (): Date => {
    clock += Number(roll(3)) * 3_600_000;
    return new Date(clock);
  };
  const give = (nodeId: string, holder: Holder, grams: bigint): void => {
    const lines = holdings.get(nodeId) ?? new Map<string, { holder: Holder; grams: bigint }>();
    holdings.set(nodeId, lines);
    const key = holderKeyOf(holder);
    const line = lines.get(key) ?? { holder, grams: 0n };
    line.grams += grams;
    lines.set(key, line);
  };
  const take = (nodeId: string, holder: Holder, grams: bigint): void => {
    const lines = holdings.get(nodeId)!;
    const key = holderKeyOf(holder);
    const line = lines.get(key)!;
    line.grams -= grams;
    if (line.grams === 0n) lines.delete(key);
  };
  const reach = (outcome: Outcome, grams: bigint): void => {
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0n) + grams);
  };
  /** Lines (node, grams) a holder has of nodes whose id starts with `prefix`. */
  const heldBy = (holder: Holder, prefix = ''): { nodeId: string; grams: bigint }[] => {
    const key = holderKeyOf(holder);
    const lines: { nodeId: string; grams: bigint }[] = [];
    for (const [nodeId, byHolder] of holdings) {
      const line = byHolder.get(key);
      if (line !== undefined && line.grams > 0n && nodeId.startsWith(prefix)) lines.push({ nodeId, grams: line.grams });
    }
    return lines;
  };
  /** Grams for a partial move: often everything, otherwise a random part. */
  const partOf = (held: bigint): Grams => (roll(3) === 0n ? toGrams(held) : upTo(held));

  const containers = new Map<string, string>();
  const containerCount = 1 + Number(roll(4));
  for (let index = 0; index < containerCount; index += 1) {
    const containerId = `C-${index}`;
    const municipality = pick(MUNICIPALITIES);
    containers.set(containerId, municipality);
    emit({ type: 'ContainerRegistered', containerId, municipality, channel: 'street-container', registeredAt: now() });
  }

  const send = (
    nodeId: string,
    from: Holder,
    grams: Grams,
    destination: Destination,
    fact: (deliveryId: string) => void,
  ): void => {
    take(nodeId, from, grams);
    const deliveryId = newId('DLV');
    fact(deliveryId);
    switch (destination.kind) {
      case 'exporter':
        reach('reuse.exported', grams);
        return;
      case 'disposal':
        reach(`disposal.${destination.method}`, grams);
        return;
      case 'centre':
      case 'store':
      case 'processor': {
        const to: PartyHolder = { kind: destination.kind, id: destination.id };
        open.push({ deliveryId, nodeId, to, grams });
        give(nodeId, { kind: 'in-transit', id: deliveryId, to }, grams);
        return;
      }
      default:
        destination satisfies never;
    }
  };

  type Action = 'collect' | 'ship' | 'receive' | 'centre' | 'store' | 'processor';
  const holdersWithStock = (kind: 'centre' | 'store' | 'processor', ids: readonly string[]): string[] =>
    ids.filter((id) => heldBy({ kind, id }).length > 0);
  const steps = 5 + Number(roll(70));
  for (let step = 0; step < steps; step += 1) {
    // Pick among the actions that can happen now, weighted towards moving grams on down the chain.
    const actions: Action[] = [];
    if (batchIds.length < 8) actions.push('collect');
    if (batchIds.length === 0) actions.push('collect', 'collect');
    if ([...containers.keys()].some((id) => heldBy({ kind: 'collection', id }).length > 0))
      actions.push('ship', 'ship');
    if (open.length > 0) actions.push('receive', 'receive', 'receive');
    if (holdersWithStock('centre', CENTRES).length > 0) actions.push('centre', 'centre', 'centre');
    if (holdersWithStock('store', STORES).length > 0) actions.push('store', 'store', 'store');
    if (holdersWithStock('processor', PROCESSORS).length > 0) actions.push('processor', 'processor');
    switch (pick(actions)) {
      case 'collect': {
        const [containerId, municipality] = pick([...containers.entries()]);
        const batchId = newId('B');
        const grams = toGrams(1_000n + roll(200_000));
        batchIds.push(batchId);
        emit({ type: 'BatchCollected', batchId, containerId, municipality, grams, collectedAt: now() });
        give(batchId, { kind: 'collection', id: containerId }, grams);
        break;
      }
      case 'ship': {
        const atContainers = [...containers.keys()].flatMap((containerId) =>
          heldBy({ kind: 'collection', id: containerId }, 'B-').map((line) => ({ ...line, containerId })),
        );
        if (atContainers.length === 0) break;
        const { nodeId, grams: held, containerId } = pick(atContainers);
        const grams = partOf(held);
        const centreId = pick(CENTRES);
        send(nodeId, { kind: 'collection', id: containerId }, grams, { kind: 'centre', id: centreId }, (shipmentId) =>
          emit({ type: 'BatchShipped', shipmentId, batchId: nodeId, containerId, centreId, grams, shippedAt: now() }),
        );
        break;
      }
      case 'receive': {
        if (open.length === 0) break;
        const index = Number(roll(open.length));
        const delivery = open[index]!;
        // `open` is in the order deliveries happened: the receipt may leave out the delivery id only if no older
        // delivery of the node to the same party is still open (docs/domain.md's "oldest open delivery" rule).
        const isOldestOpen = open
          .slice(0, index)
          .every((other) => other.nodeId !== delivery.nodeId || holderKeyOf(other.to) !== holderKeyOf(delivery.to));
        open.splice(index, 1);
        const received = roll(2) === 0n ? delivery.grams : delivery.grams - roll(delivery.grams / 10n + 1n);
        take(delivery.nodeId, { kind: 'in-transit', id: delivery.deliveryId, to: delivery.to }, delivery.grams);
        give(delivery.nodeId, delivery.to, received);
        if (received < delivery.grams) reach('loss', delivery.grams - received);
        const named = !isOldestOpen || roll(2) === 0n ? { deliveryId: delivery.deliveryId } : {};
        const common = { receiptId: newId('RCP'), grams: toGrams(received), receivedAt: now(), ...named };
        const { kind, id } = delivery.to;
        if (kind === 'centre') emit({ type: 'NodeReceivedAtCentre', nodeId: delivery.nodeId, centreId: id, ...common });
        else if (kind === 'store') emit({ type: 'LotReceivedAtStore', lotId: delivery.nodeId, storeId: id, ...common });
        else emit({ type: 'LotReceivedByProcessor', lotId: delivery.nodeId, processorId: id, ...common });
        break;
      }
      case 'centre': {
        const centreId = pick(holdersWithStock('centre', CENTRES));
        const centre: PartyHolder = { kind: 'centre', id: centreId };
        const held = heldBy(centre);
        const lots = heldBy(centre, 'L-');
        if (lots.length > 0 && roll(3) !== 0n) {
          const { nodeId, grams: lotGrams } = pick(lots);
          const grams = partOf(lotGrams);
          const destination = randomDestination(pick, centreId);
          send(nodeId, centre, grams, destination, (dispatchId) =>
            emit({
              type: 'LotDispatched',
              dispatchId,
              lotId: nodeId,
              centreId,
              grams,
              destination,
              dispatchedAt: now(),
            }),
          );
          break;
        }
        const run = runOf(held, centre, 4);
        if (run === undefined) break;
        const outputs = run.outputs.map((grams) => ({ lotId: newId('L'), fraction: pick(FRACTIONS), grams }));
        const runId = newId('RUN');
        emit({ type: 'SortingRunCompleted', runId, centreId, ...run, outputs, completedAt: now() });
        for (const output of outputs) give(output.lotId, centre, output.grams);
        break;
      }
      case 'store': {
        const storeId = pick(holdersWithStock('store', STORES));
        const store: PartyHolder = { kind: 'store', id: storeId };
        const lots = heldBy(store);
        if (lots.length === 0) break;
        const { nodeId, grams: held } = pick(lots);
        const grams = partOf(held);
        const choice = Number(roll(3));
        if (choice === 0) {
          take(nodeId, store, grams);
          reach('reuse.sold', grams);
          emit({ type: 'ItemsSold', saleId: newId('SALE'), storeId, lotId: nodeId, grams, items: 1, soldAt: now() });
        } else if (choice === 1) {
          take(nodeId, store, grams);
          reach('reuse.donated', grams);
          emit({
            type: 'ItemsDonated',
            donationId: newId('DON'),
            storeId,
            lotId: nodeId,
            grams,
            programme: 'p',
            donatedAt: now(),
          });
        } else {
          const destination: Destination =
            roll(2) === 0n ? { kind: 'centre', id: pick(CENTRES) } : { kind: 'processor', id: pick(PROCESSORS) };
          send(nodeId, store, grams, destination, (returnId) =>
            emit({ type: 'LotReturned', returnId, storeId, lotId: nodeId, grams, destination, returnedAt: now() }),
          );
        }
        break;
      }
      case 'processor': {
        const processorId = pick(holdersWithStock('processor', PROCESSORS));
        const processor: PartyHolder = { kind: 'processor', id: processorId };
        const held = heldBy(processor);
        if (held.length === 0) break;
        if (roll(3) === 0n) {
          const { nodeId, grams: lotGrams } = pick(held);
          const grams = partOf(lotGrams);
          const method = pick(DISPOSAL_METHODS);
          take(nodeId, processor, grams);
          reach(`disposal.${method}`, grams);
          emit({
            type: 'NodeDisposed',
            disposalId: newId('DISP'),
            processorId,
            nodeId,
            grams,
            method,
            disposedAt: now(),
          });
          break;
        }
        const run = runOf(held, processor, 3);
        if (run === undefined) break;
        const outputs = run.outputs.map((grams) => ({
          productId: newId('PR'),
          outcome: pick(PRODUCT_OUTCOMES),
          productKind: 'yarn',
          grams,
        }));
        const runId = newId('PRUN');
        emit({ type: 'ProcessingRunCompleted', runId, processorId, ...run, outputs, completedAt: now() });
        for (const output of outputs) reach(output.outcome, output.grams);
        break;
      }
      default:
        throw new Error('no action');
    }
  }
  return { facts, holdings, outcomes, batchIds };

  /** Inputs from what `holder` has, and a balanced split of them into outputs and loss; undefined if too small. */
  function runOf(
    held: readonly { nodeId: string; grams: bigint }[],
    holder: Holder,
    maxOutputs: number,
  ): { inputs: { nodeId: string; grams: Grams }[]; outputs: Grams[]; lossGrams: Grams } | undefined {
    const chosen = new Map<string, bigint>();
    const count = 1 + Number(roll(3));
    for (let index = 0; index < count; index += 1) {
      const line = pick(held);
      if (!chosen.has(line.nodeId)) chosen.set(line.nodeId, line.grams);
    }
    const inputs = [...chosen.entries()].map(([nodeId, grams]) => ({ nodeId, grams: partOf(grams) }));
    const consumed = inputs.reduce((sum, input) => sum + input.grams, 0n);
    const outputCount = 1 + Number(roll(maxOutputs));
    const loss = roll(consumed / 5n + 1n);
    if (consumed - loss < BigInt(outputCount)) return undefined;
    for (const input of inputs) take(input.nodeId, holder, input.grams);
    if (loss > 0n) reach('loss', loss);
    // Every output at least one gram; the rest spread by random weights.
    const weights = Array.from({ length: outputCount }, () => 1n + roll(10));
    const spread = splitByLargestRemainder(toGrams(consumed - loss - BigInt(outputCount)), weights);
    return { inputs, outputs: spread.map((grams) => toGrams(grams + 1n)), lossGrams: toGrams(loss) };
  }
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): neighbouring inputs give unrelated outputs. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function randomDestination(pick: <T>(items: readonly T[]) => T, fromCentre: string): Destination {
  const kind = pick(['centre', 'store', 'store', 'processor', 'exporter', 'disposal'] as const);
  switch (kind) {
    case 'centre':
      return { kind, id: pick(CENTRES.filter((centre) => centre !== fromCentre)) };
    case 'store':
      return { kind, id: pick(STORES) };
    case 'processor':
      return { kind, id: pick(PROCESSORS) };
    case 'exporter':
      return { kind, id: 'EXP-1', country: pick(['PL', 'GH', 'PK']) };
    case 'disposal':
      return { kind, id: 'AVR', method: pick(DISPOSAL_METHODS) };
    default:
      return kind satisfies never;
  }
}
