import { assertNever } from '@vezel/errors';
import type { CentreStock } from './centre-stock.ts';
import { decideCompleteSortingRun } from './complete-sorting-run.ts';
import { decideDispatchLot } from './dispatch-lot.ts';
import { decideReceiveNodeAtCentre } from './receive-node-at-centre.ts';
import type { CentreStockCommand } from './sorting-command.ts';
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
