import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  centreStockDecider,
  stockNodesReadBy,
  type CentreStock,
  type CentreStockCommand,
  type DispatchLot,
  type LotDispatched,
  type SortingEvent,
} from '../domain/index.ts';
import type { SortingStores, ToOutboxMessage } from './sorting-ports.ts';

/** The validated request of `POST /v1/sorting/lots/{lotId}/dispatches` and `DispatchLot`: no centre, the lot says which. */
export type DispatchLotInput = Omit<DispatchLot, 'type' | 'centreId'>;

/** A dispatch with the centre it leaves from settled (`resolveDispatchingCentre`): what is executed and decided. */
export type LocatedDispatch = Omit<DispatchLot, 'type'>;

/**
 * Dispatching grams of a lot: keyed by the dispatch id, decided by the stock of the centre the grams leave (only the
 * lot's line is loaded), so two dispatches racing for a lot's last grams serialise on that centre's version and the
 * loser is decided again against what the winner left.
 */
export function dispatchLotCommand(
  stores: SortingStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<LocatedDispatch, CentreStockCommand, SortingEvent, CentreStock, LotDispatched> {
  return {
    type: 'sorting.DispatchLot',
    idField: 'dispatchId',
    aggregateId: (input) => input.centreId,
    store: stores.centres,
    decider: centreStockDecider,
    toCommand: (input) => ({ type: 'DispatchLot', ...input }),
    partsReadBy: stockNodesReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'LotDispatched'),
  };
}
