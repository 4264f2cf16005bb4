import type { Queryable, Transaction } from '@vezel/db';
import { toGrams, type Grams } from '@vezel/grams';
import {
  VersionConflictError,
  type AggregateChange,
  type AggregateStore,
  type LoadOptions,
  type Versioned,
} from '@vezel/service-kit';
import { heldGramsOf, stockLotsChangedBy, type RetailEvent, type StoreStock } from '../../domain/index.ts';

interface StockLineRow {
  lot_id: string;
  held_grams: bigint;
}

/**
 * A store's stock: its version in `store_stocks`, held grams per lot in `stock_lines`, and the facts that changed it
 * appended to `receipts`, `sales`, `donations` and `returns` from the events of each save. With `parts` (lot ids)
 * only those lines are loaded: a store's stock grows with every lot it ever received, a command reads one.
 */
export function createPgStoreStockStore(): AggregateStore<StoreStock, RetailEvent> {
  return {
    async load(
      queryable: Queryable,
      id: string,
      options: LoadOptions = {},
    ): Promise<Versioned<StoreStock> | undefined> {
      // The version row is the store's lock: racing commands on this store queue on it, whatever lot they touch.
      const stocks = await queryable.query<{ version: number }>(
        `select version from store_stocks where store_id = $1${options.forUpdate === true ? ' for update' : ''}`,
        [id],
      );
      const row = stocks.rows[0];
      if (row === undefined) return undefined;
      const lines =
        options.parts === undefined
          ? await queryable.query<StockLineRow>(`select lot_id, held_grams from stock_lines where store_id = $1`, [id])
          : await queryable.query<StockLineRow>(
              `select lot_id, held_grams from stock_lines where store_id = $1 and lot_id = any($2::text[])`,
              [id, options.parts],
            );
      // fromEntries defines own data properties, so a lot id such as `__proto__` is a lot like any other.
      const heldGrams = Object.fromEntries(
        lines.rows.map((line): [string, Grams] => [line.lot_id, toGrams(line.held_grams)]),
      );
      return { version: row.version, state: { heldGrams } };
    },

    async save(tx: Transaction, change: AggregateChange<StoreStock, RetailEvent>): Promise<void> {
      if (change.expectedVersion === 0) {
        // A concurrent first command for the same store fails with 23505, and the command is decided again.
        await tx.query(`insert into store_stocks (store_id, version) values ($1, 1)`, [change.id]);
      } else {
        const { rowCount } = await tx.query(
          `update store_stocks set version = version + 1 where store_id = $1 and version = $2`,
          [change.id, change.expectedVersion],
        );
        if (rowCount === 0) throw new VersionConflictError(change.id, change.expectedVersion);
      }
      // Only the lines the events changed: the state may hold just the loaded parts.
      const changedLots = [...new Set(change.events.flatMap(stockLotsChangedBy))];
      for (const lotId of changedLots) {
        await tx.query(
          `insert into stock_lines (store_id, lot_id, held_grams) values ($1, $2, $3)
           on conflict (store_id, lot_id) do update set held_grams = excluded.held_grams`,
          [change.id, lotId, heldGramsOf(change.state, lotId)],
        );
      }
      for (const event of change.events) await insertRecord(tx, event);
    },
  };
}

async function insertRecord(tx: Transaction, event: RetailEvent): Promise<void> {
  switch (event.type) {
    case 'LotReceivedAtStore':
      await tx.query(
        `insert into receipts (receipt_id, store_id, lot_id, grams, received_at, delivery_id) values ($1, $2, $3, $4, $5, $6)`,
        [event.receiptId, event.storeId, event.lotId, event.grams, event.receivedAt, event.deliveryId ?? null],
      );
      return;
    case 'ItemsSold':
      await tx.query(
        `insert into sales (sale_id, store_id, lot_id, grams, items, revenue_cents, sold_at) values ($1, $2, $3, $4, $5, $6, $7)`,
        [event.saleId, event.storeId, event.lotId, event.grams, event.items, event.revenueCents ?? null, event.soldAt],
      );
      return;
    case 'ItemsDonated':
      await tx.query(
        `insert into donations (donation_id, store_id, lot_id, grams, programme, donated_at) values ($1, $2, $3, $4, $5, $6)`,
        [event.donationId, event.storeId, event.lotId, event.grams, event.programme, event.donatedAt],
      );
      return;
    case 'LotReturned':
      await tx.query(
        `insert into returns (return_id, store_id, lot_id, grams, destination_kind, destination_id, returned_at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          event.returnId,
          event.storeId,
          event.lotId,
          event.grams,
          event.destination.kind,
          event.destination.id,
          event.returnedAt,
        ],
      );
      return;
    default: {
      const unknown: never = event;
      throw new Error(`no record for retail event ${String((unknown as { type?: unknown }).type)}`);
    }
  }
}
