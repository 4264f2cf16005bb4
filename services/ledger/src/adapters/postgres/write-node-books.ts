import type { Queryable } from '@vezel/db';
import { booksOfNodes, hasNode } from '../../domain/index.ts';
import { loadLedgerState } from './load-ledger-state.ts';
import { nodeBookToJson } from './node-book-json.ts';

/**
 * Writes the books of those of `nodeIds` (node or container ids with marks) that are nodes with facts (node-book.ts),
 * from their facts as this transaction sees them, and deletes the others' (an id the core's pick of a rival body left
 * without facts). The refresh does it while it looks up the batches above the marks, in the same transaction as it
 * records the lookup: a fact stored meanwhile renews the node's mark, and the book is not used until the mark is
 * looked up again. A container's anomalies are read from its facts, as before books.
 */
export async function writeNodeBooks(tx: Queryable, nodeIds: readonly string[]): Promise<void> {
  if (nodeIds.length === 0) return;
  // Container facts too: a node id may name a container as well, and its anomalies then include the container's.
  const state = await loadLedgerState(tx, { nodes: nodeIds, direction: 'none', containers: nodeIds });
  // Only the lookup of a node's share writes its book (one refresh at a time per share), so no two transactions
  // write one row and the order is not a matter of locks.
  const nodes = nodeIds.filter((nodeId) => hasNode(state, nodeId));
  const books = booksOfNodes(state, nodes);
  // The books as one text, a book per line (JSON text has no raw newline): an array of JSON texts would be escaped
  // quote by quote on the way in. A book is printed by one function, so an unchanged book has the same text and is
  // not written again (json, 0021-ledger-node-books-as-json.sql, has no equality but its text's).
  if (nodes.length > 0) {
    await tx.query(
      `insert into ledger_node_books as b (node_id, book)
       select n.node_id, book.text::json
         from unnest($1::text[]) with ordinality as n(node_id, i)
         join string_to_table($2, E'\n') with ordinality as book(text, i) using (i)
       on conflict (node_id) do update set book = excluded.book
         where b.book::text is distinct from excluded.book::text`,
      [nodes, nodes.map((nodeId) => nodeBookToJson(books.get(nodeId)!)).join('\n')],
    );
  }
  const others = nodeIds.filter((nodeId) => !hasNode(state, nodeId));
  if (others.length > 0) await tx.query(`delete from ledger_node_books where node_id = any($1::text[])`, [others]);
}
