import { assertNever } from '@vezel/errors';
import { receiveGrams, takeGrams, withHeldGrams } from '@vezel/holder-stock';
import { initialCentreStock, type CentreStock } from './centre-stock.ts';
import type { CentreStockCommand } from './centre-stock-command.ts';
import { decideCompleteSortingRun } from './complete-sorting-run.ts';
import { decideDispatchLot } from './dispatch-lot.ts';
import { decideReceiveNodeAtCentre } from './receive-node-at-centre.ts';
import type { SortingEvent } from './sorting-event.ts';

/**
 * The events a command produces against a centre's stock, or a `DomainError` (naming the offending field) when it
 * breaks a rule; nothing is produced then. Pure: ids and times come in through the command.
 */
export function decideCentreStock(command: CentreStockCommand, stock: CentreStock): readonly SortingEvent[] {
  switch (command.type) {
    case 'ReceiveNodeAtCentre':
      return decideReceiveNodeAtCentre(command, stock);
    case 'CompleteSortingRun':
      return decideCompleteSortingRun(command, stock);
    case 'DispatchLot':
      return decideDispatchLot(command, stock);
    default:
      return assertNever(command, 'command');
  }
}

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

/** The centre-stock aggregate as one value, in the `{ decide, evolve, initialState }` shape the app layer and tests use. */
export const centreStockDecider = {
  decide: decideCentreStock,
  evolve: evolveCentreStock,
  initialState: initialCentreStock,
} as const;
