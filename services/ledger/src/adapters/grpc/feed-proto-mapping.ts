import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { requireChainId } from '@vezel/chain-ids';
import { FeedFormat, type StreamFeedRequest, type StreamFeedResponseSchema } from '@vezel/contracts';
import { requireMunicipality } from '@vezel/municipalities';
import type { FeedFilter } from '../../app/follow-feed.ts';
import type { FeedEvent } from '../../app/ledger-queries.ts';
import { requireLedgerFactTypes } from '../../domain/index.ts';
import { standaloneEpcisJson } from '../epcis/render-epcis-event.ts';

/** A feed subscription as gRPC asks for it, checked as the HTTP query is, naming the request field. */
export function fromProtoFeedRequest(request: StreamFeedRequest): {
  readonly filter: FeedFilter;
  readonly after?: bigint;
  readonly follow: boolean;
  readonly epcis: boolean;
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
    epcis: request.format === FeedFormat.EPCIS,
  };
}

/**
 * One feed event as a stream message; with `epcisBase`, also its EPCIS 2.0 form, or undefined when EPCIS has none
 * (the event is then left out, as on the SSE feed).
 */
export function toFeedEventProto(
  event: FeedEvent,
  epcisBase?: string,
): MessageInitShape<typeof StreamFeedResponseSchema> | undefined {
  const message = {
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    occurredAt: timestampFromDate(event.occurredAt),
    factJson: JSON.stringify(event.factJson),
  };
  if (epcisBase === undefined) return message;
  const epcisJson = standaloneEpcisJson(event.fact, epcisBase);
  return epcisJson === undefined ? undefined : { ...message, epcisJson };
}
