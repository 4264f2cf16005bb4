import { toGrams } from '@vezel/grams';
import type { RecordedProduct, RecyclingRecords } from '../../app/recycling-ports.ts';
import type { DisposalMethod, ProcessingRunOutput, RecyclingOutcome } from '../../domain/index.ts';

interface ReceiptRow {
  receipt_id: string;
  processor_id: string;
  lot_id: string;
  grams: bigint;
  received_at: Date;
  delivery_id: string | null;
}

interface RunRow {
  run_id: string;
  processor_id: string;
  loss_grams: bigint;
  completed_at: Date;
}

interface RunInputRow {
  node_id: string;
  grams: bigint;
}

interface ProductRow {
  product_id: string;
  outcome: RecyclingOutcome;
  product_kind: string;
  grams: bigint;
}

interface DisposalRow {
  disposal_id: string;
  processor_id: string;
  node_id: string;
  grams: bigint;
  method: DisposalMethod;
  disposed_at: Date;
}

/** The recorded facts in the tables the processor stock store writes (receipts, runs, products, disposals). */
export function createPgRecyclingRecords(): RecyclingRecords {
  return {
    async findReceipt(queryable, receiptId) {
      const { rows } = await queryable.query<ReceiptRow>(
        `select receipt_id, processor_id, lot_id, grams, received_at, delivery_id from receipts where receipt_id = $1`,
        [receiptId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        receiptId: row.receipt_id,
        lotId: row.lot_id,
        processorId: row.processor_id,
        grams: toGrams(row.grams),
        receivedAt: row.received_at,
        ...(row.delivery_id === null ? {} : { deliveryId: row.delivery_id }),
      };
    },

    async findRun(queryable, runId) {
      const runs = await queryable.query<RunRow>(
        `select run_id, processor_id, loss_grams, completed_at from runs where run_id = $1`,
        [runId],
      );
      const run = runs.rows[0];
      if (run === undefined) return undefined;
      const inputs = await queryable.query<RunInputRow>(
        `select node_id, grams from run_inputs where run_id = $1 order by position`,
        [runId],
      );
      const products = await queryable.query<ProductRow>(
        `select product_id, outcome, product_kind, grams from products where run_id = $1 order by position`,
        [runId],
      );
      return {
        runId: run.run_id,
        processorId: run.processor_id,
        inputs: inputs.rows.map((input) => ({ nodeId: input.node_id, grams: toGrams(input.grams) })),
        outputs: products.rows.map(toOutput),
        lossGrams: toGrams(run.loss_grams),
        completedAt: run.completed_at,
      };
    },

    async findDisposal(queryable, disposalId) {
      const { rows } = await queryable.query<DisposalRow>(
        `select disposal_id, processor_id, node_id, grams, method, disposed_at from disposals where disposal_id = $1`,
        [disposalId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        disposalId: row.disposal_id,
        processorId: row.processor_id,
        nodeId: row.node_id,
        grams: toGrams(row.grams),
        method: row.method,
        disposedAt: row.disposed_at,
      };
    },

    async findProduct(queryable, productId): Promise<RecordedProduct | undefined> {
      const { rows } = await queryable.query<ProductRow & Omit<RunRow, 'loss_grams'>>(
        `select p.product_id, p.outcome, p.product_kind, p.grams, r.run_id, r.processor_id, r.completed_at
           from products p join runs r using (run_id)
          where p.product_id = $1`,
        [productId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return { ...toOutput(row), runId: row.run_id, processorId: row.processor_id, completedAt: row.completed_at };
    },
  };
}

function toOutput(row: ProductRow): ProcessingRunOutput {
  return { productId: row.product_id, outcome: row.outcome, productKind: row.product_kind, grams: toGrams(row.grams) };
}
