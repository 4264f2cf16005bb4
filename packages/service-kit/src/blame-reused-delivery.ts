import { ConflictError, isDomainError } from '@vezel/errors';

/**
 * A receipt as a client sends it: its id may be left out (a receipt is the one command without an id of its own),
 * and the service derives one before the command runs.
 */
export type ReceiptRequest<Receipt extends { readonly receiptId: string }> = Omit<Receipt, 'receiptId'> & {
  readonly receiptId?: string | undefined;
};

/** A receipt with its id settled, and whether that id was derived from its delivery because the client sent none. */
export interface SettledReceipt {
  readonly receiptId: string;
  readonly deliveryId?: string | undefined;
  readonly idFromDelivery: boolean;
}

/**
 * Runs a receipt. When the service derived its id from the `deliveryId`, the runner's 409 for a reused command id
 * would name `receiptId`, a field this client never sent; it is re-worded to name `deliveryId`, the field they can
 * change. One wording for every holder that receives deliveries.
 */
export async function blameReusedDelivery<Result>(
  receipt: SettledReceipt,
  receive: () => Promise<Result>,
): Promise<Result> {
  try {
    return await receive();
  } catch (error) {
    const { deliveryId, receiptId } = receipt;
    const reused = isDomainError(error) && error.kind === 'Conflict' && error.field === 'receiptId';
    if (reused && receipt.idFromDelivery && deliveryId !== undefined) {
      throw new ConflictError(
        `delivery ${deliveryId} was already received (receipt ${receiptId}) with other figures; a delivery is ` +
          'closed by one receipt: repeat that receipt exactly, or give a second receipt its own receiptId',
        { field: 'deliveryId', details: { deliveryId, receiptId }, cause: error },
      );
    }
    throw error;
  }
}
