import { createHash } from 'node:crypto';
import type { ReceiveNodeAtCentreInput } from './receive-node-at-centre.ts';

/** Prefix of the receipt ids the service derives, so a derived id is recognisable in logs and on the wire. */
export const DERIVED_RECEIPT_ID_PREFIX = 'rcpt-';

/**
 * The receipt's id: the client's `receiptId`, or, when the body has none (docs/domain.md lets it be left out), one
 * derived from the body so that a retried request is still recognised as the same command:
 *
 * - with a `deliveryId`: from (deliveryId, nodeId, centreId). A delivery is closed by one receipt, so repeating it
 *   is a replay, and a second receipt of the same delivery with other figures is a 409 naming `deliveryId`;
 * - without: from every field (nodeId, centreId, grams, receivedAt). Repeating the body is a replay; a second real
 *   receipt with exactly the same figures and time would be taken for one, so clients that can produce those send
 *   their own `receiptId`.
 *
 * A random id would make every retry after a lost response a second receipt: grams counted twice.
 */
export function resolveReceiptId(input: ReceiveNodeAtCentreInput): {
  readonly receiptId: string;
  readonly derivedFrom?: 'deliveryId' | 'body';
} {
  if (input.receiptId !== undefined) return { receiptId: input.receiptId };
  const basis =
    input.deliveryId === undefined
      ? ['body', input.nodeId, input.centreId, input.grams.toString(), timeKey(input.receivedAt)]
      : ['delivery', input.deliveryId, input.nodeId, input.centreId];
  // 128 bits of SHA-256: ids stay short (37 characters) and collisions stay out of reach.
  const digest = createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 32);
  return {
    receiptId: `${DERIVED_RECEIPT_ID_PREFIX}${digest}`,
    derivedFrom: input.deliveryId === undefined ? 'body' : 'deliveryId',
  };
}

// An invalid Date is rejected by the decider, naming the field; it must not fail here first as a RangeError.
function timeKey(time: Date): string {
  return Number.isNaN(time.getTime()) ? 'invalid' : time.toISOString();
}
