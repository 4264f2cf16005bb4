import { assertNever } from '@vezel/errors';
import {
  eventCatalogue,
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LotReceivedAtStoreSchema,
  LotReturnedSchema,
} from '@vezel/contracts';
import { eventMessagesFrom, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { ToOutboxMessage } from '../../app/retail-ports.ts';
import type { RetailEvent } from '../../domain/index.ts';
import {
  toItemsDonatedProto,
  toItemsSoldProto,
  toLotReceivedAtStoreProto,
  toLotReturnedProto,
} from '../protobuf/retail-protobuf.ts';

/**
 * Maps retail events to outbox messages: the protobuf event as the value, keyed (and `ce_subject`) by the lot, so
 * every event about a lot keeps its order within a partition, timed by when the fact happened.
 */
export function createRetailOutboxMessages(topic: string = eventCatalogue.retail.topic): ToOutboxMessage {
  const message = eventMessagesFrom({ topic, source: eventCatalogue.retail.source });
  return (event: RetailEvent, _context: MessageContext): OutboxMessage => {
    switch (event.type) {
      case 'LotReceivedAtStore':
        return message(event.lotId, event.receivedAt, LotReceivedAtStoreSchema, toLotReceivedAtStoreProto(event));
      case 'ItemsSold':
        return message(event.lotId, event.soldAt, ItemsSoldSchema, toItemsSoldProto(event));
      case 'ItemsDonated':
        return message(event.lotId, event.donatedAt, ItemsDonatedSchema, toItemsDonatedProto(event));
      case 'LotReturned':
        return message(event.lotId, event.returnedAt, LotReturnedSchema, toLotReturnedProto(event));
      default:
        return assertNever(event, 'event');
    }
  };
}
