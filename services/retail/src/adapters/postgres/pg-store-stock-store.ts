import { assertNever } from '@vezel/errors';
import type { Transaction } from '@vezel/db';
import { createPgHolderStockStore, type AggregateStore } from '@vezel/service-kit';
import { stockLotsChangedBy, type RetailEvent, type StoreStock } from '../../domain/index.ts';

/**
 * A store's stock, in the chain's shared holder-stock tables: its version in `store_stocks`, held grams per lot in
 * `stock_lines`, and the facts that changed it appended to `receipts`, `sales`, `donations` and `returns` from the
 * events of each save.
 */
export function createPgStoreStockStore(): AggregateStore<StoreStock, RetailEvent> {
  return createPgHolderStockStore<RetailEvent>(
    { holders: 'store_stocks', holderColumn: 'store_id', lines: 'stock_lines', nodeColumn: 'lot_id' },
    { nodesChangedBy: stockLotsChangedBy, recordFact: insertRecord },
  );
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
    default:
      return assertNever(event, 'retail event');
  }
}
