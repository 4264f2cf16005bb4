import type { Queryable, Transaction } from '@vezel/db';
import { toGrams } from '@vezel/grams';
import {
  VersionConflictError,
  type AggregateChange,
  type AggregateStore,
  type LoadOptions,
  type Versioned,
} from '@vezel/service-kit';
import {
  heldGramsOf,
  stockNodesChangedBy,
  type CentreStock,
  type LotDispatched,
  type NodeReceivedAtCentre,
  type SortingEvent,
  type SortingRunCompleted,
} from '../../domain/index.ts';

interface StockLineRow {
  node_id: string;
  held_grams: bigint;
}

/**
 * A centre's stock: its version in `centres`, one row per node it ever held in `stock_lines`. The facts of each
 * save (receipts, runs with their inputs and lots, dispatches) are written as append-only rows from its events.
 *
 * `load` with `parts` reads only those stock lines: a centre's stock grows with every batch it ever received, and
 * every command reads a handful of lines (`stockNodesReadBy`). The version row is read first, so lines changed by a
 * command that commits in between come with a version the save then finds outdated.
 */
export function createPgCentreStockStore(): AggregateStore<CentreStock, SortingEvent> {
  return {
    async load(
      queryable: Queryable,
      centreId: string,
      options: LoadOptions = {},
    ): Promise<Versioned<CentreStock> | undefined> {
      // The centre row carries the version: locking it queues racing commands on this centre.
      const centres = await queryable.query<{ version: number }>(
        `select version from centres where centre_id = $1${options.forUpdate === true ? ' for update' : ''}`,
        [centreId],
      );
      const centre = centres.rows[0];
      if (centre === undefined) return undefined;
      const { parts } = options;
      const lines =
        parts === undefined
          ? await queryable.query<StockLineRow>(`select node_id, held_grams from stock_lines where centre_id = $1`, [
              centreId,
            ])
          : await queryable.query<StockLineRow>(
              `select node_id, held_grams from stock_lines where centre_id = $1 and node_id = any($2::text[])`,
              [centreId, [...parts]],
            );
      // Object.fromEntries defines own properties, so a node id like `__proto__` stays an ordinary key.
      const heldGrams = Object.fromEntries(lines.rows.map((row) => [row.node_id, toGrams(row.held_grams)]));
      return { version: centre.version, state: { heldGrams } };
    },

    async save(tx: Transaction, change: AggregateChange<CentreStock, SortingEvent>): Promise<void> {
      if (change.expectedVersion === 0) {
        // A concurrent first command at the same centre fails with 23505, and is decided again.
        await tx.query(`insert into centres (centre_id, version) values ($1, 1)`, [change.id]);
      } else {
        const { rowCount } = await tx.query(
          `update centres set version = version + 1 where centre_id = $1 and version = $2`,
          [change.id, change.expectedVersion],
        );
        if (rowCount === 0) throw new VersionConflictError(change.id, change.expectedVersion);
      }
      await writeStockLines(tx, change);
      for (const event of change.events) await insertFact(tx, event);
    },
  };
}

/** Writes back the lines the events changed, with their grams in the new state. */
async function writeStockLines(tx: Transaction, change: AggregateChange<CentreStock, SortingEvent>): Promise<void> {
  const nodeIds = [...new Set(change.events.flatMap((event) => stockNodesChangedBy(event)))];
  if (nodeIds.length === 0) return;
  await tx.query(
    `insert into stock_lines (centre_id, node_id, held_grams)
     select $1, node_id, held_grams from unnest($2::text[], $3::int8[]) as line (node_id, held_grams)
     on conflict (centre_id, node_id) do update set held_grams = excluded.held_grams`,
    [change.id, nodeIds, nodeIds.map((nodeId) => heldGramsOf(change.state, nodeId).toString())],
  );
}

async function insertFact(tx: Transaction, event: SortingEvent): Promise<void> {
  switch (event.type) {
    case 'NodeReceivedAtCentre':
      return insertReceipt(tx, event);
    case 'SortingRunCompleted':
      return insertRun(tx, event);
    case 'LotDispatched':
      return insertDispatch(tx, event);
    default:
      return unknownEvent(event);
  }
}

async function insertReceipt(tx: Transaction, event: NodeReceivedAtCentre): Promise<void> {
  await tx.query(
    `insert into receipts (receipt_id, node_id, centre_id, grams, received_at, delivery_id) values ($1, $2, $3, $4, $5, $6)`,
    [event.receiptId, event.nodeId, event.centreId, event.grams, event.receivedAt, event.deliveryId ?? null],
  );
}

async function insertRun(tx: Transaction, event: SortingRunCompleted): Promise<void> {
  await tx.query(`insert into runs (run_id, centre_id, loss_grams, completed_at) values ($1, $2, $3, $4)`, [
    event.runId,
    event.centreId,
    event.lossGrams,
    event.completedAt,
  ]);
  await tx.query(
    `insert into run_inputs (run_id, position, node_id, grams)
     select $1, position - 1, node_id, grams from unnest($2::text[], $3::int8[]) with ordinality as input (node_id, grams, position)`,
    [event.runId, event.inputs.map((input) => input.nodeId), event.inputs.map((input) => input.grams.toString())],
  );
  // A lot id another centre created meanwhile violates the primary key (23505): the run is decided again and finds it.
  await tx.query(
    `insert into lots (lot_id, run_id, position, centre_id, fraction, grams)
     select lot_id, $1, position - 1, $2, fraction, grams
       from unnest($3::text[], $4::text[], $5::int8[]) with ordinality as output (lot_id, fraction, grams, position)`,
    [
      event.runId,
      event.centreId,
      event.outputs.map((output) => output.lotId),
      event.outputs.map((output) => output.fraction),
      event.outputs.map((output) => output.grams.toString()),
    ],
  );
}

async function insertDispatch(tx: Transaction, event: LotDispatched): Promise<void> {
  const { destination } = event;
  await tx.query(
    `insert into dispatches (dispatch_id, lot_id, centre_id, grams, destination_kind, destination_id, destination_country,
                             destination_method, transport_km, dispatched_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      event.dispatchId,
      event.lotId,
      event.centreId,
      event.grams,
      destination.kind,
      destination.id,
      destination.country ?? null,
      destination.kind === 'disposal' ? destination.method : null,
      event.transportKm ?? null,
      event.dispatchedAt,
    ],
  );
}

function unknownEvent(event: never): never {
  throw new Error(`no rows for event ${String((event as { type?: unknown }).type)}`);
}
