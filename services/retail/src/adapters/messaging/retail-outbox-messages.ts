import { assertNever } from '@vezel/errors';
import {
  eventCatalogue,
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LotReceivedAtStoreSchema,
  LotReturnedSchema,
} from '@vezel/contracts';
import { encodeEvent, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { ToOutboxMessage } from '../../app/retail-ports.ts';
import type { RetailEvent } from '../../domain/index.ts';
import {
  toItemsDonatedProto,
  toItemsSoldProto,
  toLotReceivedAtStoreProto,
  toLotReturnedProto,
} from '../protobuf/retail-protobuf.ts';

/** The topic the retail service publishes to. */
export const RETAIL_TOPIC = eventCatalogue.retail.topic;

/** `ce_source` of every retail event. */
export const RETAIL_SOURCE = '/vezel/retail';

/**
 * Maps retail events to outbox messages: the protobuf event as the value, keyed (and `ce_subject`) by the lot, so
 * every event about a lot keeps its order within a partition, timed by when the fact happened.
 */
export function createRetailOutboxMessages(topic: string = RETAIL_TOPIC): ToOutboxMessage {
  return (event: RetailEvent, _context: MessageContext): OutboxMessage => {
    const base = { topic, source: RETAIL_SOURCE, subject: event.lotId };
    switch (event.type) {
      case 'LotReceivedAtStore':
        return {
          ...base,
          time: event.receivedAt,
          ...encodeEvent(LotReceivedAtStoreSchema, toLotReceivedAtStoreProto(event)),
        };
      case 'ItemsSold':
        return { ...base, time: event.soldAt, ...encodeEvent(ItemsSoldSchema, toItemsSoldProto(event)) };
      case 'ItemsDonated':
        return { ...base, time: event.donatedAt, ...encodeEvent(ItemsDonatedSchema, toItemsDonatedProto(event)) };
      case 'LotReturned':
        return { ...base, time: event.returnedAt, ...encodeEvent(LotReturnedSchema, toLotReturnedProto(event)) };
      default:
        return assertNever(event, 'value');
    }
  };
}
