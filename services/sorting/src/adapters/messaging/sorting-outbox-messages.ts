import { assertNever } from '@vezel/errors';
import {
  LotDispatchedSchema,
  NodeReceivedAtCentreSchema,
  SortingRunCompletedSchema,
  eventCatalogue,
} from '@vezel/contracts';
import { eventMessagesFrom, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { ToOutboxMessage } from '../../app/sorting-ports.ts';
import type { SortingEvent } from '../../domain/index.ts';
import {
  toLotDispatchedProto,
  toNodeReceivedAtCentreProto,
  toSortingRunCompletedProto,
} from '../protobuf/sorting-protobuf.ts';

/**
 * Maps sorting events to outbox messages: the protobuf event as the value, timed by when the fact happened, keyed
 * (and `ce_subject`) as `events.proto` documents:
 *
 * - a receipt by its node, so every receipt of a node keeps its order;
 * - a dispatch by its lot, so a lot's dispatches keep theirs;
 * - a run by its first input node, as recycling keys its runs. A run is about many nodes and a Kafka message has one
 *   key; the first input keeps the run after that node's receipts, which covers the common single-batch run. Its
 *   other inputs are not ordered against it (no key could do that): the ledger converges for any interleaving (a
 *   run may arrive before the receipt of an input, and is then an anomaly until the receipt arrives).
 */
export function createSortingOutboxMessages(topic: string = eventCatalogue.sorting.topic): ToOutboxMessage {
  const message = eventMessagesFrom({ topic, source: eventCatalogue.sorting.source });
  return (event: SortingEvent, _context: MessageContext): OutboxMessage => {
    switch (event.type) {
      case 'NodeReceivedAtCentre':
        return message(event.nodeId, event.receivedAt, NodeReceivedAtCentreSchema, toNodeReceivedAtCentreProto(event));
      case 'SortingRunCompleted':
        return message(
          event.inputs[0]?.nodeId ?? event.runId,
          event.completedAt,
          SortingRunCompletedSchema,
          toSortingRunCompletedProto(event),
        );
      case 'LotDispatched':
        return message(event.lotId, event.dispatchedAt, LotDispatchedSchema, toLotDispatchedProto(event));
      default:
        return assertNever(event, 'event');
    }
  };
}
