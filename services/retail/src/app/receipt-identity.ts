import { createHash } from 'node:crypto';
import type { ReceiveLotAtStoreRequest } from './receive-lot-at-store.ts';

/** Where a receipt's id came from. */
export type ReceiptIdSource = 'receiptId' | 'deliveryId' | 'content';

/** The id a receipt is executed, stored and replayed under, and what it was taken from. */
export interface ReceiptIdentity {
  readonly receiptId: string;
  readonly source: ReceiptIdSource;
}

/** Prefix of an id derived from the delivery a receipt closes. */
export const DELIVERY_RECEIPT_ID_PREFIX = 'rcpt-d-';

/** Prefix of an id derived from a receipt's store, lot, grams and time. */
export const CONTENT_RECEIPT_ID_PREFIX = 'rcpt-c-';

/**
 * Settles a receipt's id. docs/domain.md's receipt carries none, yet every command must be safe to repeat, so a receipt
 * without one gets a deterministic id instead of a random one (a random id would turn a client's retry after a
 * timeout into a second receipt of the same grams):
 *
 * - `receiptId` given: that id.
 * - else `deliveryId` given: derived from the delivery alone, since a receipt closes its delivery and a delivery is
 *   closed once. Repeating it is a replay; another body for the same delivery is a conflict naming `deliveryId`.
 * - else: derived from store, lot, grams and the instant received (its offset is not part of the fact). Repeating it
 *   is a replay; two distinct receipts that agree in all four must carry a `receiptId` (or a `deliveryId`).
 *
 * Derived ids are 128 bits of SHA-256 in hex behind a prefix, 39 characters in all, inside the 128-character id
 * limit whatever the inputs' lengths. Explicit and derived ids share one key space: a client that learned a
 * derived id and sends it back with the same receipt replays it.
 */
export function identifyReceipt(request: ReceiveLotAtStoreRequest): ReceiptIdentity {
  if (request.receiptId !== undefined) return { receiptId: request.receiptId, source: 'receiptId' };
  if (request.deliveryId !== undefined) {
    return { receiptId: DELIVERY_RECEIPT_ID_PREFIX + digest(['delivery', request.deliveryId]), source: 'deliveryId' };
  }
  const content = [
    'content',
    request.storeId,
    request.lotId,
    String(request.grams),
    // An invalid time is the decider's to refuse, naming receivedAt; it must not throw here first.
    Number.isNaN(request.receivedAt.getTime()) ? 'invalid' : request.receivedAt.toISOString(),
  ];
  return { receiptId: CONTENT_RECEIPT_ID_PREFIX + digest(content), source: 'content' };
}

function digest(parts: readonly string[]): string {
  // JSON keeps the parts apart: ["a","bc"] and ["ab","c"] must not hash alike.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
