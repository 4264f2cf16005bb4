import type { Transaction } from '@vezel/db';
import { createPgHolderStockStore, type AggregateStore } from '@vezel/service-kit';
import {
  stockNodesChangedBy,
  type CentreStock,
  type LotDispatched,
  type NodeReceivedAtCentre,
  type SortingEvent,
  type SortingRunCompleted,
} from '../../domain/index.ts';

/**
 * A centre's stock, in the chain's shared holder-stock tables: its version in `centres`, one row per node it ever
 * held in `stock_lines`. The facts of each save (receipts, runs with their inputs and lots, dispatches) are written
 * as append-only rows from its events.
 */
export function createPgCentreStockStore(): AggregateStore<CentreStock, SortingEvent> {
  return createPgHolderStockStore<SortingEvent>(
    { holders: 'centres', holderColumn: 'centre_id', lines: 'stock_lines', nodeColumn: 'node_id' },
    { nodesChangedBy: stockNodesChangedBy, recordFact: insertFact },
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
