import type { Queryable, Transaction } from '@vezel/db';
import { sumGrams, toGrams, type Grams } from '@vezel/grams';
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
  type LotReceivedByProcessor,
  type NodeDisposed,
  type ProcessingRunCompleted,
  type ProcessorStock,
  type RecyclingEvent,
} from '../../domain/index.ts';

/** The version row, joined with one stock line (both null for a processor without the lines asked for). */
interface StockRow {
  node_id: string;
  held_grams: bigint;
}

/**
 * Processor stocks: the version row in `processors`, held grams per node in `stock_lines`, and the facts decided
 * against the stock (receipts, runs with their inputs and products, disposals) as append-only rows written from
 * the events of each save. A processor's stock grows with every lot it ever received, so `load` honours
 * `parts` (the lines a command reads) and `save` writes back only the lines the events changed.
 */
export function createPgProcessorStockStore(): AggregateStore<ProcessorStock, RecyclingEvent> {
  return {
    async load(
      queryable: Queryable,
      id: string,
      options: LoadOptions = {},
    ): Promise<Versioned<ProcessorStock> | undefined> {
      // Two statements, never one join: a re-run locks the version row and waits for whoever holds this processor;
      // in read committed only the locked row is re-read after that wait, so lines read in the same statement would
      // be the stale ones from before the other command committed. The second statement sees the committed lines.
      const versionRows = await queryable.query<{ version: number }>(
        `select version from processors where processor_id = $1${options.forUpdate === true ? ' for update' : ''}`,
        [id],
      );
      const version = versionRows.rows[0]?.version;
      if (version === undefined) return undefined;
      const parts = options.parts === undefined ? '' : ' and node_id = any($2::text[])';
      const { rows } = await queryable.query<StockRow>(
        `select node_id, held_grams from stock_lines where processor_id = $1${parts}`,
        options.parts === undefined ? [id] : [id, [...options.parts]],
      );
      const lines = rows.map((row) => [row.node_id, toGrams(row.held_grams)] as const);
      return { version, state: { heldGrams: Object.fromEntries(lines) } };
    },

    async save(tx: Transaction, change: AggregateChange<ProcessorStock, RecyclingEvent>): Promise<void> {
      if (change.expectedVersion === 0) {
        // A concurrent first command at the same processor fails with 23505, and is decided again.
        await tx.query(`insert into processors (processor_id, version) values ($1, 1)`, [change.id]);
      } else {
        const { rowCount } = await tx.query(
          `update processors set version = version + 1 where processor_id = $1 and version = $2`,
          [change.id, change.expectedVersion],
        );
        if (rowCount === 0) throw new VersionConflictError(change.id, change.expectedVersion);
      }
      await writeLines(tx, change);
      for (const event of change.events) await insertFact(tx, event);
    },
  };
}

async function writeLines(tx: Transaction, change: AggregateChange<ProcessorStock, RecyclingEvent>): Promise<void> {
  const nodeIds = [...new Set(change.events.flatMap(stockNodesChangedBy))];
  if (nodeIds.length === 0) return;
  // Grams travel as decimal text: exact for any int8, and the same on pg and PGlite.
  const grams = nodeIds.map((nodeId) => heldGramsOf(change.state, nodeId).toString());
  await tx.query(
    `insert into stock_lines (processor_id, node_id, held_grams)
     select $1, node_id, held_grams from unnest($2::text[], $3::bigint[]) as line (node_id, held_grams)
     on conflict (processor_id, node_id) do update set held_grams = excluded.held_grams`,
    [change.id, nodeIds, grams],
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
    default: {
      const unknown: never = event;
      throw new TypeError(`no table for recycling event ${String((unknown as { type?: unknown }).type)}`);
    }
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
