import type { ReceiptRequest } from '@vezel/service-kit';
import { createHash } from 'node:crypto';
import { InvalidInputError } from '@vezel/errors';
import type { ReceiveLotInput } from './receive-lot-at-processor.ts';

/** The request of `POST /v1/recycling/receipts` and `ReceiveLotAtProcessor`: the receipt id is optional. */
export type ReceiveLotRequest = ReceiptRequest<ReceiveLotInput>;

/** Where a receipt's id came from. */
export type ReceiptIdSource = 'receiptId' | 'deliveryId' | 'content';

/** A receipt request with its id settled. */
export interface ResolvedReceipt {
  readonly input: ReceiveLotInput;
  readonly source: ReceiptIdSource;
}

/** Prefix of every derived receipt id, so a reader can tell one from a client's. */
export const DERIVED_RECEIPT_ID_PREFIX = 'rcpt-';

/**
 * Settles a receipt's id, which docs/domain.md leaves out of the receipt body (receipts are the only commands without an
 * id of their own), so that repeating a receipt is still a replay rather than a second delivery of the same grams:
 *
 * 1. `receiptId` given: it is the command id, as `runId` is for runs.
 * 2. else `deliveryId` given: the id is derived from (processor, lot, delivery). A delivery is closed by one receipt,
 *    so the same delivery received again with the same body is a replay (200), and with another body a 409 naming
 *    `deliveryId`.
 * 3. else the id is derived from the whole content (processor, lot, grams, receivedAt): a resend is a replay. Two
 *    distinct receipts of the same lot with the same grams at the same instant would be taken for one; a client
 *    that can produce those must send a `receiptId`.
 *
 * Derived ids are `rcpt-` and 32 hex digits of a SHA-256 (128 bits): fixed length, within the 128-character id
 * limit whatever the inputs, and the same over HTTP and gRPC.
 */
export function resolveReceiptId(request: ReceiveLotRequest): ResolvedReceipt {
  const { receiptId, ...rest } = request;
  if (receiptId !== undefined) return { input: { ...rest, receiptId }, source: 'receiptId' };
  if (request.deliveryId !== undefined) {
    const derived = deriveId(['delivery', request.processorId, request.lotId, request.deliveryId]);
    return { input: { ...rest, receiptId: derived }, source: 'deliveryId' };
  }
  if (Number.isNaN(request.receivedAt.getTime())) {
    throw new InvalidInputError('must be a valid point in time', { field: 'receivedAt' });
  }
  const derived = deriveId([
    'content',
    request.processorId,
    request.lotId,
    request.grams.toString(),
    request.receivedAt.toISOString(),
  ]);
  return { input: { ...rest, receiptId: derived }, source: 'content' };
}

function deriveId(parts: readonly string[]): string {
  // JSON of the parts keeps them apart: ["a","bc"] and ["ab","c"] hash differently.
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${DERIVED_RECEIPT_ID_PREFIX}${digest.slice(0, 32)}`;
}
