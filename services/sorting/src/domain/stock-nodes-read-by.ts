import { assertNever } from '@vezel/errors';
import type { CentreStockCommand } from './sorting-command.ts';
import type { SortingEvent } from './sorting-event.ts';

/**
 * The node ids whose held grams deciding `command` and evolving its events read. A centre's stock grows with every
 * batch it ever received, so a repository need not load all of it: deciding and evolving against just these lines
 * (the centre's version still guards concurrency) gives the same events and the same new lines as the whole stock.
 * Unknown ids must simply be absent from the loaded stock.
 */
export function stockNodesReadBy(command: CentreStockCommand): readonly string[] {
  switch (command.type) {
    case 'ReceiveNodeAtCentre':
      return [command.nodeId];
    case 'CompleteSortingRun':
      // Output lot ids are read too: a lot id the centre already knows is a conflict.
      return [...command.inputs.map((input) => input.nodeId), ...command.outputs.map((output) => output.lotId)];
    case 'DispatchLot':
      return [command.lotId];
    default:
      return assertNever(command, 'command');
  }
}

/** The node ids whose held grams `event` changes: the stock lines a repository writes back. */
export function stockNodesChangedBy(event: SortingEvent): readonly string[] {
  switch (event.type) {
    case 'NodeReceivedAtCentre':
      return [event.nodeId];
    case 'SortingRunCompleted':
      return [...event.inputs.map((input) => input.nodeId), ...event.outputs.map((output) => output.lotId)];
    case 'LotDispatched':
      return [event.lotId];
    default:
      return assertNever(event, 'event');
  }
}
