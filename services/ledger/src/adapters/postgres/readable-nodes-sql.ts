/**
 * The SQL condition "one of the reader keys `readers` may read one of the nodes `nodes`", from the refresher's
 * reader tables (0017-ledger-node-holder-sets.sql, 0019-ledger-node-municipalities.sql): a holder of a node or of
 * anything made from it, or a municipality whose grams reach it (its key built as readerKeyOf builds it,
 * `municipality:<code>`). Both arguments are SQL array expressions of the statement using it (`array[$1]`,
 * `f.node_ids`, `$5`), never values: the values stay bound parameters. Index lookups per node, no walk of the graph.
 */
export function readableNodesSql(nodes: string, readers: string): string {
  return `(exists (select 1 from ledger_node_holder_sets h where h.node_id = any(${nodes}) and h.readers && ${readers})
    or exists (select 1 from ledger_node_municipalities o
                where o.node_id = any(${nodes}) and ('municipality:' || o.municipality) = any(${readers})))`;
}
