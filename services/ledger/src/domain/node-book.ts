import type { Grams } from '@vezel/grams';
import { firstCentreReceiptOf } from './first-centre-of.ts';
import type { Holder } from './holder.ts';
import { nodeIdsOf, nodeKeyOf } from './index-keys-of.ts';
import type { LedgerFact, RunCompleted } from './ledger-fact.ts';
import type { LedgerState } from './ledger-state.ts';
import { factAnomaliesIn, type Anomaly } from './list-anomalies.ts';
import { accountNode, knowAccounts, type HolderBalance, type NodeAccount, type NodeCreation } from './node-account.ts';
import { knowOwnReaders, ownReadersOf } from './node-readers.ts';
import type { Outcome } from './outcome.ts';

/**
 * What a figure refresh needs of a node's books (node-account.ts) without its facts: how it was created, where its
 * grams went (runs by event id), who may read it, and the anomalies its own facts tell. The refresh writes a node's
 * book when the node's facts change and then reads the book wherever it used to read the facts: a lot sold from
 * thirty times is one row and its runs instead of thirty-odd facts. The runs and the other facts a book names are
 * read by event id.
 *
 * A book is a pure function of the node's facts, so figures computed over books are the figures computed over the
 * facts (a property test compares both over random chains).
 */
export interface NodeBook {
  readonly creation?: BookCreation;
  /** Where the node's grams went, in the account's order. */
  readonly sinks: readonly BookSink[];
  /** Every holder's balance (the events that took grams are left out: no figure reads them from a book). */
  readonly balances: readonly { readonly holder: Holder; readonly grams: bigint; readonly cameIn: boolean }[];
  /** The node's own readers (ownReadersOf). */
  readonly readers: readonly string[];
  /**
   * Every run filed under the node (that consumed it, made it, or claims to), by event id: a walk over books reads
   * the same runs as a walk over facts, so it reaches the same nodes (the only facts that name other nodes are runs).
   */
  readonly runIds: readonly string[];
  /** The node's earliest receipt at a centre (a batch's centre: firstCentreOf), by event id. */
  readonly centreReceiptId?: string;
  /** The anomalies its own facts tell (factAnomaliesIn); run cycles take the graph below it. */
  readonly anomalies: readonly Anomaly[];
}

/** A node's creation with its creating fact named by event id. */
export type BookCreation = DistributiveOmit<NodeCreation, 'fact'> & { readonly factId: string };

/** A sink as in NodeAccount, with a run named by event id. */
export type BookSink =
  | { readonly kind: 'outcome'; readonly outcome: Outcome; readonly grams: Grams; readonly storeId?: string }
  | { readonly kind: 'run'; readonly runId: string; readonly grams: Grams }
  | { readonly kind: 'stock'; readonly holder: Holder; readonly grams: Grams };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The books of `nodeIds`, from `state`, which must hold every fact filed under them. */
export function booksOfNodes(state: LedgerState, nodeIds: Iterable<string>): Map<string, NodeBook> {
  const booked = new Set(nodeIds);
  const anomaliesByNode = new Map<string, Anomaly[]>();
  for (const anomaly of factAnomaliesIn(state, booked)) {
    const filed = anomaliesByNode.get(anomaly.nodeId);
    if (filed === undefined) anomaliesByNode.set(anomaly.nodeId, [anomaly]);
    else filed.push(anomaly);
  }
  const books = new Map<string, NodeBook>();
  for (const nodeId of booked) books.set(nodeId, bookOf(accountNode(state, nodeId), anomaliesByNode.get(nodeId)));
  return books;
}

function bookOf(account: NodeAccount, anomalies: readonly Anomaly[] = []): NodeBook {
  let creation: BookCreation | undefined;
  if (account.creation !== undefined) {
    const { fact, ...rest } = account.creation;
    creation = { ...rest, factId: fact.eventId };
  }
  const centreReceipt = firstCentreReceiptOf(account);
  return {
    ...(creation === undefined ? {} : { creation }),
    sinks: account.sinks.map((sink) =>
      sink.kind === 'run' ? { kind: 'run', runId: sink.run.eventId, grams: sink.grams } : sink,
    ),
    balances: account.balances.map(({ holder, grams, cameIn }) => ({ holder, grams, cameIn })),
    readers: [...ownReadersOf(account)].sort(),
    runIds: account.facts
      .filter((fact) => fact.type === 'SortingRunCompleted' || fact.type === 'ProcessingRunCompleted')
      .map((fact) => fact.eventId),
    ...(centreReceipt === undefined ? {} : { centreReceiptId: centreReceipt.eventId }),
    anomalies,
  };
}

/** The event ids of the facts a book names (its runs, creating fact and first centre receipt): read them to use it. */
export function factIdsOfBook(book: NodeBook): string[] {
  const ids = [...book.runIds];
  if (book.creation !== undefined) ids.push(book.creation.factId);
  if (book.centreReceiptId !== undefined) ids.push(book.centreReceiptId);
  return ids;
}

/**
 * Whether the facts `state` holds for what `book` names are the ones it was written from: each is there, of the
 * right type, names the node, and has no rival body (a rival stored since the book was read may be the one the core
 * picks now). A node whose book fails this is read from its facts (its mark is renewed, and its book rewritten,
 * anyway).
 */
export function bookFitsFacts(state: LedgerState, nodeId: string, book: NodeBook): boolean {
  const names = (eventId: string, types: readonly LedgerFact['type'][]): boolean => {
    const fact = state.facts.get(eventId);
    // An event with rival bodies may have changed body since: the node's own facts say which one counts.
    if (fact === undefined || state.conflictingEventIds.has(eventId)) return false;
    return types.includes(fact.type) && nodeIdsOf(fact).includes(nodeId);
  };
  const runTypes = ['SortingRunCompleted', 'ProcessingRunCompleted'] as const;
  const creationTypes = book.creation?.kind === 'batch' ? (['BatchCollected'] as const) : runTypes;
  return (
    book.runIds.every((runId) => names(runId, runTypes)) &&
    (book.creation === undefined || names(book.creation.factId, creationTypes)) &&
    (book.centreReceiptId === undefined || names(book.centreReceiptId, ['NodeReceivedAtCentre']))
  );
}

/**
 * `state` with the nodes of `books` accounted for by their books instead of by facts, for the figures a refresh
 * computes (forward shares and traces, fraction outcomes, readers, a batch's centre, run cycles). `state` must hold
 * every fact the books name (factIdsOfBook). A booked node's account holds no facts but its first centre receipt,
 * and its own anomalies are its book's.
 */
export function withNodeBooks(state: LedgerState, books: ReadonlyMap<string, NodeBook>): LedgerState {
  const eventIdsByKey = new Map(state.eventIdsByKey);
  // So that nodeIdsIn lists the booked nodes as a state holding their facts would.
  for (const nodeId of books.keys()) {
    const key = nodeKeyOf(nodeId);
    if (!eventIdsByKey.has(key)) eventIdsByKey.set(key, new Set());
  }
  const booked: LedgerState = { facts: state.facts, eventIdsByKey, conflictingEventIds: state.conflictingEventIds };
  const accounts = new Map<string, NodeAccount>();
  const readers = new Map<string, ReadonlySet<string>>();
  for (const [nodeId, book] of books) {
    accounts.set(nodeId, accountOfBook(state, nodeId, book));
    readers.set(nodeId, new Set(book.readers));
  }
  knowAccounts(booked, accounts);
  knowOwnReaders(booked, readers);
  return booked;
}

function accountOfBook(state: LedgerState, nodeId: string, book: NodeBook): NodeAccount {
  const factOf = (eventId: string): LedgerFact => {
    const fact = state.facts.get(eventId);
    if (fact === undefined) throw new RangeError(`the book of ${nodeId} names event ${eventId}, which is not loaded`);
    return fact;
  };
  let creation: NodeCreation | undefined;
  if (book.creation !== undefined) {
    const { factId, ...rest } = book.creation;
    creation = { ...rest, fact: factOf(factId) } as NodeCreation;
  }
  const balances: HolderBalance[] = book.balances.map((balance) => ({ ...balance, outflowEventIds: [] }));
  return {
    nodeId,
    facts: book.centreReceiptId === undefined ? [] : [factOf(book.centreReceiptId)],
    creation,
    rivalCreations: [],
    sinks: book.sinks.map((sink) =>
      sink.kind === 'run' ? { kind: 'run', run: factOf(sink.runId) as RunCompleted, grams: sink.grams } : sink,
    ),
    balances,
    matching: { deliveries: [], unmatched: [] },
  };
}
