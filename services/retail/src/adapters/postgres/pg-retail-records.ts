import type { Queryable } from '@vezel/db';
import { toGrams } from '@vezel/grams';
import type { RetailRecords } from '../../app/retail-ports.ts';
import { isReturnDestinationKind } from '../../domain/index.ts';

interface ReceiptRow {
  receipt_id: string;
  store_id: string;
  lot_id: string;
  grams: bigint;
  received_at: Date;
  delivery_id: string | null;
}

interface SaleRow {
  sale_id: string;
  store_id: string;
  lot_id: string;
  grams: bigint;
  items: bigint;
  revenue_cents: bigint | null;
  sold_at: Date;
}

interface DonationRow {
  donation_id: string;
  store_id: string;
  lot_id: string;
  grams: bigint;
  programme: string;
  donated_at: Date;
}

interface ReturnRow {
  return_id: string;
  store_id: string;
  lot_id: string;
  grams: bigint;
  destination_kind: string;
  destination_id: string;
  returned_at: Date;
}

/** The facts the stock store appended, read back by id as the events that recorded them. */
export function createPgRetailRecords(): RetailRecords {
  return {
    async findReceipt(queryable: Queryable, receiptId: string) {
      const { rows } = await queryable.query<ReceiptRow>(
        `select receipt_id, store_id, lot_id, grams, received_at, delivery_id from receipts where receipt_id = $1`,
        [receiptId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        type: 'LotReceivedAtStore',
        receiptId: row.receipt_id,
        lotId: row.lot_id,
        storeId: row.store_id,
        grams: toGrams(row.grams),
        receivedAt: row.received_at,
        ...(row.delivery_id === null ? {} : { deliveryId: row.delivery_id }),
      };
    },

    async findSale(queryable: Queryable, saleId: string) {
      const { rows } = await queryable.query<SaleRow>(
        `select sale_id, store_id, lot_id, grams, items, revenue_cents, sold_at from sales where sale_id = $1`,
        [saleId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        type: 'ItemsSold',
        saleId: row.sale_id,
        storeId: row.store_id,
        lotId: row.lot_id,
        grams: toGrams(row.grams),
        items: Number(row.items),
        ...(row.revenue_cents === null ? {} : { revenueCents: row.revenue_cents }),
        soldAt: row.sold_at,
      };
    },

    async findDonation(queryable: Queryable, donationId: string) {
      const { rows } = await queryable.query<DonationRow>(
        `select donation_id, store_id, lot_id, grams, programme, donated_at from donations where donation_id = $1`,
        [donationId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        type: 'ItemsDonated',
        donationId: row.donation_id,
        storeId: row.store_id,
        lotId: row.lot_id,
        grams: toGrams(row.grams),
        programme: row.programme,
        donatedAt: row.donated_at,
      };
    },

    async findReturn(queryable: Queryable, returnId: string) {
      const { rows } = await queryable.query<ReturnRow>(
        `select return_id, store_id, lot_id, grams, destination_kind, destination_id, returned_at
           from returns where return_id = $1`,
        [returnId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const kind = row.destination_kind;
      // The table's check constraint allows only these; a mismatch means the schema and the domain drifted apart.
      if (!isReturnDestinationKind(kind)) throw new Error(`return ${row.return_id} has destination kind ${kind}`);
      return {
        type: 'LotReturned',
        returnId: row.return_id,
        storeId: row.store_id,
        lotId: row.lot_id,
        grams: toGrams(row.grams),
        destination: { kind, id: row.destination_id },
        returnedAt: row.returned_at,
      };
    },
  };
}
