import type { Transaction } from '@vezel/db';
import { toGrams } from '@vezel/grams';
import { heldGramsOf, type HolderStock } from '@vezel/holder-stock';
import type { AggregateChange, AggregateStore } from './aggregate-store.ts';
import { VersionConflictError } from './version-conflict-error.ts';

/** Where a service keeps its holders' stock: a version row per holder, one line per node it ever held. */
export interface HolderStockTables {
  /** The table of version rows, e.g. `centres`, with columns `(<holderColumn>, version)`. */
  readonly holders: string;
  /** The holder's id column in both tables, e.g. `centre_id`. */
  readonly holderColumn: string;
  /** The table of stock lines, e.g. `stock_lines`, with columns `(<holderColumn>, <nodeColumn>, held_grams)`. */
  readonly lines: string;
  /** The node's id column in the lines, e.g. `node_id` or `lot_id`. */
  readonly nodeColumn: string;
}

/** What the service adds to the shared stock store: which lines an event changes, and the facts it records. */
export interface HolderStockFacts<Event> {
  /** The node ids whose held grams `event` changes: only those lines are written back. */
  readonly nodesChangedBy: (event: Event) => readonly string[];
  /** Appends the event's own record (a receipt, a sale, a run ...) in the same transaction. */
  readonly recordFact: (tx: Transaction, event: Event) => Promise<void>;
}

// Table and column names are spliced into SQL, so only plain lower-case identifiers from code are accepted.
const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * The PostgreSQL store of a holder-stock aggregate (a sorting centre's, a store's, a processor's stock). `load` reads
 * the version row first and the lines in a second statement: in read committed, a re-run that waited on the locked
 * version row then sees the lines the other command committed, which one join would not. With `parts` it reads only
 * those lines, because a holder's stock grows with every node it ever held and a command reads a handful. `save`
 * bumps the version (or inserts it: a concurrent first command fails with 23505 and is decided again), writes back
 * only the lines the events changed, and records each event's fact.
 */
export function createPgHolderStockStore<Event>(
  tables: HolderStockTables,
  facts: HolderStockFacts<Event>,
): AggregateStore<HolderStock, Event> {
  const { holders, holderColumn, lines, nodeColumn } = tables;
  for (const name of [holders, holderColumn, lines, nodeColumn]) {
    if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  }
  return {
    async load(queryable, id, options = {}) {
      // The version row is the holder's lock: racing commands on this holder queue on it, whatever node they touch.
      const versions = await queryable.query<{ version: number }>(
        `select version from ${holders} where ${holderColumn} = $1${options.forUpdate === true ? ' for update' : ''}`,
        [id],
      );
      const version = versions.rows[0]?.version;
      if (version === undefined) return undefined;
      const { parts } = options;
      const { rows } = await queryable.query<{ node_id: string; held_grams: bigint }>(
        `select ${nodeColumn} as node_id, held_grams from ${lines} where ${holderColumn} = $1` +
          (parts === undefined ? '' : ` and ${nodeColumn} = any($2::text[])`),
        parts === undefined ? [id] : [id, [...parts]],
      );
      // Object.fromEntries defines own properties, so a node id such as `__proto__` is a node like any other.
      const heldGrams = Object.fromEntries(rows.map((row) => [row.node_id, toGrams(row.held_grams)] as const));
      return { version, state: { heldGrams } };
    },

    async save(tx: Transaction, change: AggregateChange<HolderStock, Event>): Promise<void> {
      if (change.expectedVersion === 0) {
        await tx.query(`insert into ${holders} (${holderColumn}, version) values ($1, 1)`, [change.id]);
      } else {
        const { rowCount } = await tx.query(
          `update ${holders} set version = version + 1 where ${holderColumn} = $1 and version = $2`,
          [change.id, change.expectedVersion],
        );
        if (rowCount === 0) throw new VersionConflictError(change.id, change.expectedVersion);
      }
      // Only the lines the events changed: the state may hold just the loaded parts.
      const nodeIds = [...new Set(change.events.flatMap((event) => facts.nodesChangedBy(event)))];
      if (nodeIds.length > 0) {
        // Grams travel as decimal text: exact for any int8, and the same on pg and PGlite.
        await tx.query(
          `insert into ${lines} (${holderColumn}, ${nodeColumn}, held_grams)
           select $1, node_id, held_grams from unnest($2::text[], $3::int8[]) as line (node_id, held_grams)
           on conflict (${holderColumn}, ${nodeColumn}) do update set held_grams = excluded.held_grams`,
          [change.id, nodeIds, nodeIds.map((nodeId) => heldGramsOf(change.state, nodeId).toString())],
        );
      }
      for (const event of change.events) await facts.recordFact(tx, event);
    },
  };
}
