import {
  eventCatalogue,
  LotReceivedByProcessorSchema,
  NodeDisposedSchema,
  ProcessingRunCompletedSchema,
} from '@vezel/contracts';
import { encodeEvent, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { ToOutboxMessage } from '../../app/recycling-ports.ts';
import type { ProcessingRunCompleted, RecyclingEvent } from '../../domain/index.ts';
import {
  toLotReceivedByProcessorProto,
  toNodeDisposedProto,
  toProcessingRunCompletedProto,
} from '../protobuf/recycling-protobuf.ts';

/** The topic the recycling service publishes to. */
export const RECYCLING_TOPIC = eventCatalogue.recycling.topic;

/** `ce_source` of every recycling event. */
export const RECYCLING_SOURCE = '/vezel/recycling';

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
export function createRecyclingOutboxMessages(topic: string = RECYCLING_TOPIC): ToOutboxMessage {
  return (event: RecyclingEvent, _context: MessageContext): OutboxMessage => {
    const base = { topic, source: RECYCLING_SOURCE };
    switch (event.type) {
      case 'LotReceivedByProcessor':
        return {
          ...base,
          subject: event.lotId,
          time: event.receivedAt,
          ...encodeEvent(LotReceivedByProcessorSchema, toLotReceivedByProcessorProto(event)),
        };
      case 'ProcessingRunCompleted':
        return {
          ...base,
          subject: runEventKey(event),
          time: event.completedAt,
          ...encodeEvent(ProcessingRunCompletedSchema, toProcessingRunCompletedProto(event)),
        };
      case 'NodeDisposed':
        return {
          ...base,
          subject: event.nodeId,
          time: event.disposedAt,
          ...encodeEvent(NodeDisposedSchema, toNodeDisposedProto(event)),
        };
      default:
        return unknownEvent(event);
    }
  };
}

function unknownEvent(event: never): never {
  throw new Error(`no outbox mapping for ${String((event as { type?: unknown }).type)}`);
}
