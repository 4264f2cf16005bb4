import type { Queryable } from '@vezel/db';

/**
 * Which of `nodeIds` the recycling service already knows as nodes: products made by any processor's run, and lots
 * received by any processor (every receipt leaves a stock line, even once used up).
 */
export async function findTakenNodeIds(queryable: Queryable, nodeIds: readonly string[]): Promise<readonly string[]> {
  if (nodeIds.length === 0) return [];
  const { rows } = await queryable.query<{ node_id: string }>(
    `select product_id as node_id from products where product_id = any($1::text[])
     union
     select node_id from stock_lines where node_id = any($1::text[])`,
    [[...nodeIds]],
  );
  return rows.map((row) => row.node_id);
}
