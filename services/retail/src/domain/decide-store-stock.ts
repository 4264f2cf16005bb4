import { InvalidInputError, assertNever } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import {
  requireId,
  requireInstant,
  requireNonNegativeCents,
  requirePositiveCount,
  requirePositiveGrams,
  requireText,
} from '@vezel/chain-rules';
import type { DonateItems, ReceiveLotAtStore, RetailCommand, ReturnLot, SellItems } from './retail-command.ts';
import type { ItemsDonated, ItemsSold, LotReceivedAtStore, LotReturned, RetailEvent } from './retail-event.ts';
import { isReturnDestinationKind, RETURN_DESTINATION_KINDS } from './return-destination.ts';
import { requireHeldGrams, stockHolder, takenNode } from '@vezel/holder-stock';
import type { StoreStock } from './store-stock.ts';

/**
 * Decides what a command to a store's stock means, given that stock: the events to record, or an error naming
 * the offending field (nothing is recorded then). Checks the command's own values first, then the store's
 * stock: a sale, donation or return may take at most what the store holds of the lot.
 *
 * Pure: the same command and stock always give the same answer. Two commands racing for the last grams of a lot
 * are serialised by the app layer (version check on the stock); the loser is decided again against the
 * winner's stock and is refused here.
 */
export function decideStoreStock(command: RetailCommand, stock: StoreStock): readonly RetailEvent[] {
  switch (command.type) {
    case 'ReceiveLotAtStore':
      return [receiveLot(command)];
    case 'SellItems':
      return [sellItems(command, stock)];
    case 'DonateItems':
      return [donateItems(command, stock)];
    case 'ReturnLot':
      return [returnLot(command, stock)];
    default:
      return assertNever(command, 'retail command');
  }
}

function receiveLot(command: ReceiveLotAtStore): LotReceivedAtStore {
  // Only the store's own figures are checked: the dispatch is the sorting service's fact, and a receipt that
  // disagrees with it is the ledger's anomaly to report, not a reason to refuse what the store weighed.
  return {
    type: 'LotReceivedAtStore',
    receiptId: requireId(command.receiptId, 'receiptId'),
    lotId: requireId(command.lotId, 'lotId'),
    storeId: requireId(command.storeId, 'storeId'),
    grams: requirePositiveGrams(command.grams, 'grams'),
    receivedAt: requireInstant(command.receivedAt, 'receivedAt'),
    ...(command.deliveryId === undefined ? {} : { deliveryId: requireId(command.deliveryId, 'deliveryId') }),
  };
}

function sellItems(command: SellItems, stock: StoreStock): ItemsSold {
  const event: ItemsSold = {
    type: 'ItemsSold',
    saleId: requireId(command.saleId, 'saleId'),
    storeId: requireId(command.storeId, 'storeId'),
    lotId: requireId(command.lotId, 'lotId'),
    grams: requirePositiveGrams(command.grams, 'grams'),
    items: requirePositiveCount(command.items, 'items'),
    ...(command.revenueCents === undefined
      ? {}
      : { revenueCents: requireNonNegativeCents(command.revenueCents, 'revenueCents') }),
    soldAt: requireInstant(command.soldAt, 'soldAt'),
  };
  requireHeld(stock, event);
  return event;
}

function donateItems(command: DonateItems, stock: StoreStock): ItemsDonated {
  const event: ItemsDonated = {
    type: 'ItemsDonated',
    donationId: requireId(command.donationId, 'donationId'),
    storeId: requireId(command.storeId, 'storeId'),
    lotId: requireId(command.lotId, 'lotId'),
    grams: requirePositiveGrams(command.grams, 'grams'),
    programme: requireText(command.programme, 'programme'),
    donatedAt: requireInstant(command.donatedAt, 'donatedAt'),
  };
  requireHeld(stock, event);
  return event;
}

function returnLot(command: ReturnLot, stock: StoreStock): LotReturned {
  const returnId = requireId(command.returnId, 'returnId');
  const storeId = requireId(command.storeId, 'storeId');
  const lotId = requireId(command.lotId, 'lotId');
  const grams = requirePositiveGrams(command.grams, 'grams');
  // Guarded because a missing object would otherwise surface as a TypeError without a field to blame.
  if (typeof command.destination !== 'object' || command.destination === null) {
    throw new InvalidInputError('must be an object {kind, id}', { field: 'destination' });
  }
  const { kind, id } = command.destination;
  if (!isReturnDestinationKind(kind)) {
    throw new InvalidInputError(
      `a store returns grams to a ${RETURN_DESTINATION_KINDS.join(' or ')}, not to a ${kind}; ` +
        'exporting and disposing are decided by the centre or processor it returns them to',
      { field: 'destination.kind', details: { allowed: RETURN_DESTINATION_KINDS } },
    );
  }
  const event: LotReturned = {
    type: 'LotReturned',
    returnId,
    storeId,
    lotId,
    grams,
    destination: { kind, id: requireId(id, 'destination.id') },
    returnedAt: requireInstant(command.returnedAt, 'returnedAt'),
  };
  requireHeld(stock, event);
  return event;
}

/** Refuses to take grams of a lot the store never received, or more than it holds of it. */
function requireHeld(
  stock: StoreStock,
  take: { readonly storeId: string; readonly lotId: string; readonly grams: Grams },
): void {
  requireHeldGrams(stock, {
    holder: stockHolder('store', take.storeId),
    node: takenNode('lot', take.lotId),
    grams: take.grams,
  });
}
