import { assertNever, NotFoundError } from '@vezel/errors';
import { sumGrams, type Grams } from '@vezel/grams';
import type { Destination } from './destination.ts';
import { holderKeyOf, type CollectionHolder, type Holder, type PartyHolder } from './holder.ts';
import { nodeKeyOf } from './index-keys-of.ts';
import type {
  BatchCollected,
  LedgerFact,
  ProcessingRunCompleted,
  RunCompleted,
  SortingRunCompleted,
} from './ledger-fact.ts';
import { factsUnder, type LedgerState } from './ledger-state.ts';
import { matchReceipts, type Delivery, type Receipt, type ReceiptMatching } from './match-receipts.ts';
import { compareOutcomes, disposalOutcomeOf, type Outcome } from './outcome.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/** How a node came to be: the fact that created it and what it says about the node. */
export type NodeCreation = BatchCreation | LotCreation | ProductCreation;

/** A batch, collected at a container. */
export interface BatchCreation {
  readonly kind: 'batch';
  readonly fact: BatchCollected;
  readonly grams: Grams;
  readonly holder: CollectionHolder;
  readonly containerId: string;
  readonly municipality: string;
}

/** A lot, made by a sorting run and held by its centre. */
export interface LotCreation {
  readonly kind: 'lot';
  readonly fact: SortingRunCompleted;
  readonly grams: Grams;
  readonly holder: PartyHolder;
  readonly fraction: string;
}

/** A product, made by a processing run; terminal: its grams reach `outcome` at once. */
export interface ProductCreation {
  readonly kind: 'product';
  readonly fact: ProcessingRunCompleted;
  readonly grams: Grams;
  readonly holder: PartyHolder;
  readonly outcome: Outcome;
  readonly productKind: string;
}

/** One place a node's grams went: a terminal outcome, a run that consumed them, or a holder that still has them. */
export type NodeSink =
  | {
      readonly kind: 'outcome';
      readonly outcome: Outcome;
      readonly grams: Grams;
      /** The store where grams were sold or donated (reuse in a store): what local-for-local is counted from. */
      readonly storeId?: string;
    }
  | { readonly kind: 'run'; readonly run: RunCompleted; readonly grams: Grams }
  | { readonly kind: 'stock'; readonly holder: Holder; readonly grams: Grams };

/** What one holder has of a node: everything that came in minus everything that left; negative is an anomaly. */
export interface HolderBalance {
  readonly holder: Holder;
  readonly grams: bigint;
  /** Whether any grams of the node came in here (created, or received): tells "not received yet" from "overdrawn". */
  readonly cameIn: boolean;
  /** The facts that took grams of the node from this holder. */
  readonly outflowEventIds: readonly string[];
}

/**
 * The bookkeeping of one node, computed from the facts that touch it and nothing else: where it came from, who has
 * its grams, and where they went. Every gram that came into a holder either left it (to a run, an outcome, or a
 * delivery) or is still there, so the positive sinks add up to the node's grams unless a fact is missing or wrong
 * (a negative balance, a receipt larger than its delivery): those are anomalies, and the traces scale the sinks to
 * the node's grams so that they still add up (see forward-shares.ts).
 */
export interface NodeAccount {
  readonly nodeId: string;
  /** Every fact touching the node, oldest first. */
  readonly facts: readonly LedgerFact[];
  /** The earliest fact that creates the node; absent while the node is only referenced. */
  readonly creation: NodeCreation | undefined;
  /** Later facts that claim to create it too (a reused id): ignored for the figures, reported as anomalies. */
  readonly rivalCreations: readonly NodeCreation[];
  /** Where its grams went, positive only: outcomes (in report order), runs, then stock by holder. */
  readonly sinks: readonly NodeSink[];
  /** Every holder that ever had (or owed) grams of the node, by holder key; in-transit deliveries included. */
  readonly balances: readonly HolderBalance[];
  readonly matching: ReceiptMatching;
}

const accountsByState = new WeakMap<LedgerState, Map<string, NodeAccount>>();

/**
 * The bookkeeping of `nodeId` in `state`. A pure function of the facts under the node's key; memoised per state
 * (states are immutable), so the queries can ask for the same node many times.
 */
export function accountNode(state: LedgerState, nodeId: string): NodeAccount {
  let accounts = accountsByState.get(state);
  if (accounts === undefined) {
    accounts = new Map();
    accountsByState.set(state, accounts);
  }
  let account = accounts.get(nodeId);
  if (account === undefined) {
    account = computeAccount(nodeId, factsUnder(state, nodeKeyOf(nodeId)));
    accounts.set(nodeId, account);
  }
  return account;
}

/**
 * Makes `accountNode(state, id)` answer `accounts`' entries for their nodes instead of computing them from the facts
 * `state` holds: for a state whose nodes below some batches are accounted for by their books (node-book.ts). Only
 * for a state nobody has asked about yet.
 */
export function knowAccounts(state: LedgerState, accounts: ReadonlyMap<string, NodeAccount>): void {
  if (accountsByState.has(state)) throw new RangeError('accounts of a state can only be given before it is used');
  accountsByState.set(state, new Map(accounts));
}

/**
 * How node `nodeId` was created: what a trace of the node starts from. Throws NotFoundError for a node the ledger
 * has not seen created.
 */
export function creationOfNode(state: LedgerState, nodeId: string): NodeCreation {
  const { creation } = accountNode(state, nodeId);
  if (creation === undefined) {
    throw new NotFoundError(`the ledger has not seen node ${nodeId} created`, { field: 'node', details: { nodeId } });
  }
  return creation;
}

function computeAccount(nodeId: string, facts: readonly LedgerFact[]): NodeAccount {
  const book = new HolderBook();
  const outcomes = new Map<string, bigint>();
  const runs = new Map<string, { run: RunCompleted; grams: bigint }>();
  const creations: NodeCreation[] = [];
  const deliveries: Delivery[] = [];
  const receipts: Receipt[] = [];

  // Keyed by outcome and store ('' for none): the same outcome reached in two stores is two sinks.
  const reachOutcome = (outcome: Outcome, grams: bigint, storeId = ''): void => {
    const key = `${outcome}\u0000${storeId}`;
    outcomes.set(key, (outcomes.get(key) ?? 0n) + grams);
  };
  const consume = (run: RunCompleted, holder: PartyHolder): void => {
    const grams = sumGrams(run.inputs.filter((input) => input.nodeId === nodeId).map((input) => input.grams));
    if (grams === 0n) return;
    book.take(holder, grams, run.eventId);
    runs.set(run.eventId, { run, grams });
  };
  const send = (
    fact: Delivery['fact'],
    deliveryId: string,
    from: Holder,
    grams: Grams,
    destination: Destination,
  ): void => {
    book.take(from, grams, fact.eventId);
    switch (destination.kind) {
      case 'centre':
      case 'store':
      case 'processor':
        deliveries.push({ fact, deliveryId, grams, from, to: { kind: destination.kind, id: destination.id } });
        return;
      case 'exporter':
        reachOutcome('reuse.exported', grams);
        return;
      case 'disposal':
        reachOutcome(disposalOutcomeOf(destination.method), grams);
        return;
      default:
        assertNever(destination, 'destination');
    }
  };

  for (const fact of facts) {
    switch (fact.type) {
      case 'ContainerRegistered':
        break;
      case 'BatchCollected':
        creations.push({
          kind: 'batch',
          fact,
          grams: fact.grams,
          holder: { kind: 'collection', id: fact.containerId },
          containerId: fact.containerId,
          municipality: fact.municipality,
        });
        break;
      case 'BatchShipped':
        send(fact, fact.shipmentId, { kind: 'collection', id: fact.containerId }, fact.grams, {
          kind: 'centre',
          id: fact.centreId,
        });
        break;
      case 'NodeReceivedAtCentre':
      case 'LotReceivedAtStore':
      case 'LotReceivedByProcessor':
        receipts.push({ fact, grams: fact.grams, at: receiverOf(fact), deliveryId: fact.deliveryId });
        break;
      case 'SortingRunCompleted':
      case 'ProcessingRunCompleted': {
        const runner = runnerOf(fact);
        consume(fact, runner);
        const creation = creationBy(fact, nodeId, runner);
        if (creation !== undefined) creations.push(creation);
        break;
      }
      case 'LotDispatched':
        send(fact, fact.dispatchId, { kind: 'centre', id: fact.centreId }, fact.grams, fact.destination);
        break;
      case 'ItemsSold':
      case 'ItemsDonated':
        book.take({ kind: 'store', id: fact.storeId }, fact.grams, fact.eventId);
        reachOutcome(fact.type === 'ItemsSold' ? 'reuse.sold' : 'reuse.donated', fact.grams, fact.storeId);
        break;
      case 'LotReturned':
        send(fact, fact.returnId, { kind: 'store', id: fact.storeId }, fact.grams, fact.destination);
        break;
      case 'NodeDisposed':
        book.take({ kind: 'processor', id: fact.processorId }, fact.grams, fact.eventId);
        reachOutcome(disposalOutcomeOf(fact.method), fact.grams);
        break;
      default:
        assertNever(fact, 'ledger fact');
    }
  }

  // Facts come oldest first, so the first creation is the earliest one: the choice depends on the set, not on arrival.
  const [creation, ...rivalCreations] = creations;
  if (creation !== undefined) {
    book.give(creation.holder, creation.grams);
    if (creation.kind === 'product') {
      book.take(creation.holder, creation.grams, creation.fact.eventId);
      reachOutcome(creation.outcome, creation.grams);
    }
  }

  const matching = matchReceipts(deliveries, receipts);
  for (const { delivery, receipt } of matching.deliveries) {
    if (receipt === undefined) {
      book.give({ kind: 'in-transit', id: delivery.deliveryId, to: delivery.to }, delivery.grams);
      continue;
    }
    book.give(delivery.to, receipt.grams);
    if (receipt.grams < delivery.grams) reachOutcome('loss', delivery.grams - receipt.grams);
  }
  for (const { receipt } of matching.unmatched) book.give(receipt.at, receipt.grams);

  const balances = book.balances();
  const sinks: NodeSink[] = [];
  const outcomeSinks = [...outcomes].map(([key, grams]) => {
    const [outcome, storeId] = key.split('\u0000') as [Outcome, string];
    return { outcome, storeId, grams };
  });
  outcomeSinks.sort(
    (a, b) => compareOutcomes(a.outcome, b.outcome) || (a.storeId < b.storeId ? -1 : a.storeId > b.storeId ? 1 : 0),
  );
  for (const { outcome, storeId, grams } of outcomeSinks) {
    if (grams > 0n)
      sinks.push({ kind: 'outcome', outcome, grams: grams as Grams, ...(storeId === '' ? {} : { storeId }) });
  }
  for (const eventId of [...runs.keys()].sort()) {
    const { run, grams } = runs.get(eventId)!;
    sinks.push({ kind: 'run', run, grams: grams as Grams });
  }
  for (const balance of balances) {
    if (balance.grams > 0n) sinks.push({ kind: 'stock', holder: balance.holder, grams: balance.grams as Grams });
  }
  return { nodeId, facts, creation, rivalCreations, sinks, balances, matching };
}

/** The party that ran `run`: it held the inputs the run consumed and holds the nodes it made. */
function runnerOf(run: RunCompleted): PartyHolder {
  return run.type === 'SortingRunCompleted'
    ? { kind: 'centre', id: run.centreId }
    : { kind: 'processor', id: run.processorId };
}

/** The party a receipt says took the grams in. */
function receiverOf(receipt: Receipt['fact']): PartyHolder {
  switch (receipt.type) {
    case 'NodeReceivedAtCentre':
      return { kind: 'centre', id: receipt.centreId };
    case 'LotReceivedAtStore':
      return { kind: 'store', id: receipt.storeId };
    case 'LotReceivedByProcessor':
      return { kind: 'processor', id: receipt.processorId };
    default:
      return assertNever(receipt, 'receipt');
  }
}

/** The lot or product `run` made of node `nodeId`, held by `runner`; undefined when the run did not make it. */
function creationBy(run: RunCompleted, nodeId: string, runner: PartyHolder): LotCreation | ProductCreation | undefined {
  const made = runOutputsOf(run).filter((output) => output.nodeId === nodeId);
  if (made.length === 0) return undefined;
  const grams = sumGrams(made.map((output) => output.grams));
  if (run.type === 'SortingRunCompleted') {
    const { fraction } = run.outputs.find((output) => output.lotId === nodeId)!;
    return { kind: 'lot', fact: run, grams, holder: runner, fraction };
  }
  const { outcome, productKind } = run.outputs.find((output) => output.productId === nodeId)!;
  return { kind: 'product', fact: run, grams, holder: runner, outcome, productKind };
}

/** Running balances per holder while a node's facts are booked. */
class HolderBook {
  readonly #byKey = new Map<string, { holder: Holder; grams: bigint; cameIn: boolean; outflowEventIds: string[] }>();

  give(holder: Holder, grams: bigint): void {
    const line = this.#lineOf(holder);
    line.grams += grams;
    line.cameIn = true;
  }

  take(holder: Holder, grams: bigint, eventId: string): void {
    const line = this.#lineOf(holder);
    line.grams -= grams;
    line.outflowEventIds.push(eventId);
  }

  balances(): HolderBalance[] {
    return [...this.#byKey.keys()].sort().map((key) => this.#byKey.get(key)!);
  }

  #lineOf(holder: Holder) {
    const key = holderKeyOf(holder);
    let line = this.#byKey.get(key);
    if (line === undefined) {
      line = { holder, grams: 0n, cameIn: false, outflowEventIds: [] };
      this.#byKey.set(key, line);
    }
    return line;
  }
}
