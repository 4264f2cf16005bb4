import { assertNever } from '@vezel/errors';
import { receiveGrams, takeGrams, withHeldGrams } from '@vezel/holder-stock';
import type { CentreStock } from './centre-stock.ts';
import type { SortingEvent } from './sorting-event.ts';

/**
 * A centre's stock after an event. Events are facts that were decided against this stock, so they always fit; a
 * `RangeError` from here means the stored history is corrupt (grams taken that were never there), not bad input.
 */
export function evolveCentreStock(stock: CentreStock, event: SortingEvent): CentreStock {
  switch (event.type) {
    case 'NodeReceivedAtCentre':
      return receiveGrams(stock, event.nodeId, event.grams);
    case 'SortingRunCompleted': {
      // Inputs and outputs never share a node id (outputs are new), and a run lists each input once.
      const consumed = event.inputs.reduce((held, input) => takeGrams(held, input.nodeId, input.grams), stock);
      return withHeldGrams(
        consumed,
        event.outputs.map((output) => [output.lotId, output.grams] as const),
      );
    }
    case 'LotDispatched':
      return takeGrams(stock, event.lotId, event.grams);
    default:
      return assertNever(event, 'event');
  }
}
