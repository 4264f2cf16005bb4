import { assertNever } from '@vezel/errors';
import type { Transaction } from '@vezel/db';
import { sumGrams, type Grams } from '@vezel/grams';
import { createPgHolderStockStore, type AggregateStore } from '@vezel/service-kit';
import {
  stockNodesChangedBy,
  type LotReceivedByProcessor,
  type NodeDisposed,
  type ProcessingRunCompleted,
  type ProcessorStock,
  type RecyclingEvent,
} from '../../domain/index.ts';

/**
 * Processor stocks, in the chain's shared holder-stock tables: the version row in `processors`, held grams per node
 * in `stock_lines`, and the facts decided against the stock (receipts, runs with their inputs and products,
 * disposals) as append-only rows written from the events of each save.
 */
export function createPgProcessorStockStore(): AggregateStore<ProcessorStock, RecyclingEvent> {
  return createPgHolderStockStore<RecyclingEvent>(
    { holders: 'processors', holderColumn: 'processor_id', lines: 'stock_lines', nodeColumn: 'node_id' },
    { nodesChangedBy: stockNodesChangedBy, recordFact: insertFact },
  );
}

async function insertFact(tx: Transaction, event: RecyclingEvent): Promise<void> {
  switch (event.type) {
    case 'LotReceivedByProcessor':
      return insertReceipt(tx, event);
    case 'ProcessingRunCompleted':
      return insertRun(tx, event);
    case 'NodeDisposed':
      return insertDisposal(tx, event);
    default:
      return assertNever(event, 'recycling event');
  }
}

async function insertReceipt(tx: Transaction, event: LotReceivedByProcessor): Promise<void> {
  await tx.query(
    `insert into receipts (receipt_id, processor_id, lot_id, grams, received_at, delivery_id)
     values ($1, $2, $3, $4, $5, $6)`,
    [event.receiptId, event.processorId, event.lotId, event.grams, event.receivedAt, event.deliveryId ?? null],
  );
}

async function insertRun(tx: Transaction, event: ProcessingRunCompleted): Promise<void> {
  const total = (lines: readonly { readonly grams: Grams }[]): Grams => sumGrams(lines.map((line) => line.grams));
  await tx.query(
    `insert into runs (run_id, processor_id, input_grams, output_grams, loss_grams, completed_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [event.runId, event.processorId, total(event.inputs), total(event.outputs), event.lossGrams, event.completedAt],
  );
  await tx.query(
    `insert into run_inputs (run_id, position, node_id, grams)
     select $1, position - 1, node_id, grams
       from unnest($2::text[], $3::bigint[]) with ordinality as line (node_id, grams, position)`,
    [event.runId, event.inputs.map((input) => input.nodeId), event.inputs.map((input) => input.grams.toString())],
  );
  // A product id taken by a concurrent run fails here with 23505 (products' primary key): the runner re-runs the
  // command, and the re-run reports the clash (see requireNewProductIds).
  await tx.query(
    `insert into products (product_id, run_id, position, outcome, product_kind, grams)
     select product_id, $1, position - 1, outcome, product_kind, grams
       from unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) with ordinality
            as line (product_id, outcome, product_kind, grams, position)`,
    [
      event.runId,
      event.outputs.map((output) => output.productId),
      event.outputs.map((output) => output.outcome),
      event.outputs.map((output) => output.productKind),
      event.outputs.map((output) => output.grams.toString()),
    ],
  );
}

async function insertDisposal(tx: Transaction, event: NodeDisposed): Promise<void> {
  await tx.query(
    `insert into disposals (disposal_id, processor_id, node_id, grams, method, disposed_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [event.disposalId, event.processorId, event.nodeId, event.grams, event.method, event.disposedAt],
  );
}
