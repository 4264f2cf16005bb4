import type { Queryable } from '@vezel/db';
import {
  applyFacts,
  EMPTY_LEDGER,
  factIdsOfBook,
  runOutputsOf,
  withNodeBooks,
  type LedgerState,
  type NodeBook,
} from '../../domain/index.ts';
import { factFromJson } from './fact-json.ts';
import { readFactsUnder } from './load-ledger-state.ts';
import { nodeBookFromJson } from './node-book-json.ts';

/** What a figure refresh computes from: the state, and the nodes in it accounted for by their books. */
export interface BookedForwardState {
  readonly state: LedgerState;
  readonly books: ReadonlyMap<string, NodeBook>;
}

/**
 * The state a figure refresh computes `roots` (batches to recompute, nodes and containers whose anomalies to write)
 * from: the roots and every node below them through runs, which is what their forward figures read. It walks as
 * loadLedgerState's forward walk does and reaches the same nodes and runs, but a node comes from its book when it has
 * a current one (node-book.ts: no mark waiting to be looked up), and only otherwise from its facts (a root's
 * container facts included, as its anomalies need them); the runs and other facts the books name are read by event
 * id. The figures are the same (the core computes them from the same accounts), from a few rows per node instead of
 * every fact: a lot sold from thirty times is one book and its runs.
 */
export async function loadBookedForwardState(db: Queryable, roots: readonly string[]): Promise<BookedForwardState> {
  let state = EMPTY_LEDGER;
  const books = new Map<string, NodeBook>();
  const visited = new Set<string>();
  const visit = async (nodeIds: readonly string[], kinds: readonly ('node' | 'container')[]): Promise<void> => {
    for (const nodeId of nodeIds) visited.add(nodeId);
    const found = await readCurrentBooks(db, nodeIds);
    const unbooked = nodeIds.filter((nodeId) => !found.has(nodeId));
    for (const kind of unbooked.length === 0 ? [] : kinds) {
      state = applyFacts(state, await readFactsUnder(db, kind, unbooked));
    }
    for (const [nodeId, book] of found) books.set(nodeId, book);
    state = await withFacts(db, state, [...found.values()].flatMap(factIdsOfBook));
  };
  await visit([...new Set(roots)], ['node', 'container']);
  for (;;) {
    // Every run read so far, as loadLedgerState does: a run read under one node can qualify once another is visited.
    const next = new Set<string>();
    for (const fact of state.facts.values()) {
      if (fact.type !== 'SortingRunCompleted' && fact.type !== 'ProcessingRunCompleted') continue;
      if (!fact.inputs.some((input) => visited.has(input.nodeId))) continue;
      for (const { nodeId } of runOutputsOf(fact)) if (!visited.has(nodeId)) next.add(nodeId);
    }
    if (next.size === 0) break;
    await visit([...next], ['node']);
  }
  return { state: withNodeBooks(state, books), books };
}

/** The current books of `nodeIds`: those whose node has no mark waiting to be looked up. */
async function readCurrentBooks(db: Queryable, nodeIds: readonly string[]): Promise<Map<string, NodeBook>> {
  const { rows } = await db.query<{ node_id: string; book: unknown }>(
    `select b.node_id, b.book from ledger_node_books b
      where b.node_id = any($1::text[])
        and not exists (
          select 1 from ledger_dirty_nodes d where d.node_id = b.node_id and d.converted_seq is distinct from d.marked_seq
        )`,
    [nodeIds],
  );
  return new Map(rows.map((row) => [row.node_id, nodeBookFromJson(row.book)]));
}

/** `state` with the facts of `eventIds` it lacks (every stored body, so rivals resolve as in a full load). */
async function withFacts(db: Queryable, state: LedgerState, eventIds: readonly string[]): Promise<LedgerState> {
  const missing = [...new Set(eventIds)].filter((eventId) => !state.facts.has(eventId));
  if (missing.length === 0) return state;
  const { rows } = await db.query<{ fact: unknown }>(
    `select fact from ledger_facts where event_id = any($1::text[])
     union all
     select fact from ledger_fact_rivals where event_id = any($1::text[])`,
    [missing],
  );
  return applyFacts(
    state,
    rows.map((row) => factFromJson(row.fact)),
  );
}
