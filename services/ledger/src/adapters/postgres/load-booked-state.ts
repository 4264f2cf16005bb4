import type { Queryable } from '@vezel/db';
import {
  applyFacts,
  bookFitsFacts,
  EMPTY_LEDGER,
  factIdsOfBook,
  runOutputsOf,
  withNodeBooks,
  type LedgerState,
  type NodeBook,
} from '../../domain/index.ts';
import { readContainerRegistrations, readFactsById, readFactsUnder } from './load-ledger-state.ts';
import { nodeBookFromJson } from './node-book-json.ts';

/** A state some of whose nodes are accounted for by their books, and those books. */
export interface BookedState {
  readonly state: LedgerState;
  readonly books: ReadonlyMap<string, NodeBook>;
}

/** Which way the walk goes from the roots, and whether the roots' container facts are read too. */
export interface BookedWalk {
  /** Forward to what the roots' grams became (forward figures), or backward to where they came from. */
  readonly direction: 'forward' | 'backward';
  /** Read the registrations of containers with the roots' ids (a refresh's anomalies of containers need them). */
  readonly containers?: boolean;
}

/**
 * The state the core computes the figures of `roots` from (a refresh's batches and marked nodes, or one node's trace):
 * the roots and every node reached from them through runs. It walks as loadLedgerState does and reaches the same nodes
 * and runs, but a node comes from its book when it has a current one (node-book.ts: no mark waiting to be looked up),
 * and only otherwise from its facts; the runs and other facts the books name are read by event id. The figures are the
 * same (the core computes them from the same accounts), from a few rows per node instead of every fact: a lot sold
 * from thirty times is one book and its runs.
 */
export async function loadBookedState(db: Queryable, roots: readonly string[], walk: BookedWalk): Promise<BookedState> {
  let state = EMPTY_LEDGER;
  const books = new Map<string, NodeBook>();
  const visited = new Set<string>();
  const visit = async (nodeIds: readonly string[], kinds: readonly ('node' | 'container')[]): Promise<void> => {
    for (const nodeId of nodeIds) visited.add(nodeId);
    const found = await readCurrentBooks(db, nodeIds);
    state = await withFacts(db, state, [...found.values()].flatMap(factIdsOfBook));
    for (const [nodeId, book] of found) if (!bookFitsFacts(state, nodeId, book)) found.delete(nodeId);
    const unbooked = nodeIds.filter((nodeId) => !found.has(nodeId));
    for (const kind of unbooked.length === 0 ? [] : kinds) {
      const facts =
        kind === 'node' ? await readFactsUnder(db, 'node', unbooked) : await readContainerRegistrations(db, unbooked);
      state = applyFacts(state, facts);
    }
    for (const [nodeId, book] of found) books.set(nodeId, book);
  };
  await visit([...new Set(roots)], walk.containers === true ? ['node', 'container'] : ['node']);
  for (;;) {
    // Every run read so far, as loadLedgerState does: a run read under one node can qualify once another is visited.
    const next = new Set<string>();
    for (const fact of state.facts.values()) {
      if (fact.type !== 'SortingRunCompleted' && fact.type !== 'ProcessingRunCompleted') continue;
      const inputs = fact.inputs.map((input) => input.nodeId);
      const outputs = runOutputsOf(fact).map((output) => output.nodeId);
      const [from, to] = walk.direction === 'forward' ? [inputs, outputs] : [outputs, inputs];
      if (!from.some((nodeId) => visited.has(nodeId))) continue;
      for (const nodeId of to) if (!visited.has(nodeId)) next.add(nodeId);
    }
    if (next.size === 0) break;
    await visit([...next], ['node']);
  }
  return { state: withNodeBooks(state, books), books };
}

/** The current books of `nodeIds`: those whose node has no mark waiting to be looked up. */
async function readCurrentBooks(db: Queryable, nodeIds: readonly string[]): Promise<Map<string, NodeBook>> {
  const { rows } = await db.query<{ node_id: string; book: unknown }>(
    // A join on the mark's key, not `not exists (... converted_seq is distinct from marked_seq)`: that predicate is
    // the partial index of marks to look up, which the planner then scans whole, dead entries of a busy ledger and
    // all (7 ms a call at 1,000,000 events against 0.2 ms).
    `select b.node_id, b.book from ledger_node_books b
       left join ledger_dirty_nodes d on d.node_id = b.node_id
      where b.node_id = any($1::text[]) and (d.node_id is null or d.converted_seq = d.marked_seq)`,
    [nodeIds],
  );
  return new Map(rows.map((row) => [row.node_id, nodeBookFromJson(row.book)]));
}

/** `state` with the facts of `eventIds` it lacks (every stored body, so rivals resolve as in a full load). */
async function withFacts(db: Queryable, state: LedgerState, eventIds: readonly string[]): Promise<LedgerState> {
  const missing = [...new Set(eventIds)].filter((eventId) => !state.facts.has(eventId));
  return missing.length === 0 ? state : applyFacts(state, await readFactsById(db, missing));
}
