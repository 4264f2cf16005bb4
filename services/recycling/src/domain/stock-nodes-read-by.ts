import { assertNever } from '@vezel/errors';
import type { RecyclingCommand } from './recycling-command.ts';
import type { RecyclingEvent } from './recycling-event.ts';

/**
 * The node ids whose held grams deciding `command` (and evolving its events) reads. A processor's stock grows with
 * every lot it ever received, so a repository may load just these lines; the processor's version still guards
 * concurrency, and the decision is the same as against the whole stock. Unknown ids are simply absent.
 */
export function stockNodesReadBy(command: RecyclingCommand): readonly string[] {
  switch (command.type) {
    case 'ReceiveLotAtProcessor':
      return [command.lotId];
    case 'CompleteProcessingRun':
      // Product ids are read too: a product id naming a node this processor received is a conflict.
      return [...command.inputs.map((input) => input.nodeId), ...command.outputs.map((output) => output.productId)];
    case 'DisposeNode':
      return [command.nodeId];
    default:
      return assertNever(command, 'recycling command');
  }
}

/** The node ids whose held grams `event` changes: the stock lines a repository writes back (never products). */
export function stockNodesChangedBy(event: RecyclingEvent): readonly string[] {
  switch (event.type) {
    case 'LotReceivedByProcessor':
      return [event.lotId];
    case 'ProcessingRunCompleted':
      return event.inputs.map((input) => input.nodeId);
    case 'NodeDisposed':
      return [event.nodeId];
    default:
      return assertNever(event, 'recycling event');
  }
}
