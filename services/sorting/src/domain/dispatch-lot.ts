import { InvalidInputError } from '@vezel/errors';
import { requireHeldGrams, stockHolder, takenNode } from '@vezel/holder-stock';
import type { CentreStock } from './centre-stock.ts';
import type { DispatchLot } from './sorting-command.ts';
import { parseDestination } from './destination.ts';
import { requireId, requireInstant, requirePositiveGrams } from '@vezel/chain-rules';
import type { LotDispatched } from './sorting-event.ts';

/**
 * Decides a dispatch: the centre must hold at least the dispatched grams of the lot. Any node the centre holds can
 * be dispatched, not only lots its own runs created: a lot a store returned, or one misdelivered by another centre,
 * is a node like any other here (the centre cannot tell a returned lot from a batch, and need not).
 *
 * A centre cannot dispatch to itself: the grams would go "in transit" without moving.
 */
export function decideDispatchLot(command: DispatchLot, stock: CentreStock): [LotDispatched] {
  const dispatchId = requireId(command.dispatchId, 'dispatchId');
  const lotId = requireId(command.lotId, 'lotId');
  const centreId = requireId(command.centreId, 'centreId');
  const grams = requirePositiveGrams(command.grams, 'grams');
  const destination = parseDestination(command.destination);
  if (destination.kind === 'centre' && destination.id === centreId) {
    throw new InvalidInputError(`centre ${centreId} cannot dispatch to itself`, { field: 'destination.id' });
  }
  const { transportKm } = command;
  if (transportKm !== undefined && !(Number.isFinite(transportKm) && transportKm >= 0)) {
    throw new InvalidInputError(`must be a finite, non-negative number of kilometres, got ${transportKm}`, {
      field: 'transportKm',
    });
  }
  const dispatchedAt = requireInstant(command.dispatchedAt, 'dispatchedAt');

  requireHeldGrams(stock, { holder: stockHolder('centre', centreId), node: takenNode('lot', lotId), grams });

  return [
    {
      type: 'LotDispatched',
      dispatchId,
      lotId,
      centreId,
      grams,
      destination,
      ...(transportKm === undefined ? {} : { transportKm }),
      dispatchedAt,
    },
  ];
}
