import { assertNever } from '@vezel/errors';
import {
  eventCatalogue,
  LotReceivedByProcessorSchema,
  NodeDisposedSchema,
  ProcessingRunCompletedSchema,
} from '@vezel/contracts';
import { eventMessagesFrom, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { ToOutboxMessage } from '../../app/recycling-ports.ts';
import type { ProcessingRunCompleted, RecyclingEvent } from '../../domain/index.ts';
import {
  toLotReceivedByProcessorProto,
  toNodeDisposedProto,
  toProcessingRunCompletedProto,
} from '../protobuf/recycling-protobuf.ts';

/**
 * The Kafka key (and `ce_subject`) of a run: its first input node. Kafka orders per key, and the ledger wants the
 * events of a node in order (received, then consumed, then disposed of). A run is about several nodes but has one
 * key: the first input puts it in order with that node's receipts and disposals, which covers every single-input
 * run. Its other inputs are not ordered against it (no single key could do that), nor are its products, which
 * need no order: a product's only event is the run that made it. The run id, the proto's original suggestion,
 * orders the run against nothing. Clients list the main input first.
 */
export function runEventKey(event: Pick<ProcessingRunCompleted, 'inputs' | 'runId'>): string {
  // The decider refuses runs without inputs; the run id only guards against a corrupt event.
  return event.inputs[0]?.nodeId ?? event.runId;
}

/**
 * Maps recycling events to outbox messages: the protobuf event as the value, keyed (and `ce_subject`) by the node
 * the event is about (the received lot, the disposed node, a run's first input), timed by when the fact happened.
 */
export function createRecyclingOutboxMessages(topic: string = eventCatalogue.recycling.topic): ToOutboxMessage {
  const message = eventMessagesFrom({ topic, source: eventCatalogue.recycling.source });
  return (event: RecyclingEvent, _context: MessageContext): OutboxMessage => {
    switch (event.type) {
      case 'LotReceivedByProcessor':
        return message(
          event.lotId,
          event.receivedAt,
          LotReceivedByProcessorSchema,
          toLotReceivedByProcessorProto(event),
        );
      case 'ProcessingRunCompleted':
        return message(
          runEventKey(event),
          event.completedAt,
          ProcessingRunCompletedSchema,
          toProcessingRunCompletedProto(event),
        );
      case 'NodeDisposed':
        return message(event.nodeId, event.disposedAt, NodeDisposedSchema, toNodeDisposedProto(event));
      default:
        return assertNever(event, 'event');
    }
  };
}
