import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { requireChainId } from '@vezel/chain-ids';
import type { StreamFeedRequest, StreamFeedResponseSchema } from '@vezel/contracts';
import { requireMunicipality } from '@vezel/municipalities';
import type { FeedFilter } from '../../app/follow-feed.ts';
import type { FeedEvent } from '../../app/ledger-queries.ts';
import { requireLedgerFactTypes } from '../../domain/index.ts';

/** A feed subscription as gRPC asks for it, checked as the HTTP query is, naming the request field. */
export function fromProtoFeedRequest(request: StreamFeedRequest): {
  readonly filter: FeedFilter;
  readonly after?: bigint;
  readonly follow: boolean;
} {
  const filter: FeedFilter = {
    ...(request.types.length === 0 ? {} : { types: requireLedgerFactTypes(request.types, 'types') }),
    ...(request.nodeId === '' ? {} : { nodeId: requireChainId(request.nodeId, 'node_id') }),
    ...(request.municipality === ''
      ? {}
      : { municipality: requireMunicipality(request.municipality, 'municipality').code }),
  };
  return {
    filter,
    ...(request.afterPosition === undefined ? {} : { after: request.afterPosition }),
    follow: !request.poll,
  };
}

export function toFeedEventProto(event: FeedEvent): MessageInitShape<typeof StreamFeedResponseSchema> {
  return {
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    occurredAt: timestampFromDate(event.occurredAt),
    factJson: JSON.stringify(event.factJson),
  };
}
