import type { Server } from '@grpc/grpc-js';
import { requireChainId } from '@vezel/chain-ids';
import { LedgerService } from '@vezel/contracts';
import { InvalidInputError, isDomainError, NotFoundError, RateLimitedError } from '@vezel/errors';
import { DEFAULT_CHAIN_TIME_ZONE } from '@vezel/chain-calendar';
import {
  registerGrpcService,
  type GrpcCallContext,
  type GrpcServiceImplementation,
  type UnexpectedErrorReporter,
} from '@vezel/rpc';
import type { LedgerQueries } from '../../app/ledger-queries.ts';
import { createFeedHub, type FeedHub } from '../../app/feed-hub.ts';
import { feedEnd, followFeed, type FeedLimits } from '../../app/follow-feed.ts';
import { DEFAULT_EPCIS_BASE } from '../epcis/render-epcis-event.ts';
import { fromProtoFeedRequest, toFeedEventProto } from './feed-proto-mapping.ts';
import {
  fromProtoKpiRequest,
  fromProtoTraceSource,
  fromProtoYear,
  toAnomalyProto,
  toBackwardTraceProto,
  toForwardTraceProto,
  toKpisProto,
  toLagProto,
  toNodeDescriptionProto,
  toUpvReportProto,
} from './ledger-proto-mapping.ts';

/**
 * `vezel.ledger.v1.LedgerService` over the same queries as the HTTP API (`/v1/ledger/`): requests are validated as
 * the HTTP query strings are (exactly one trace source, a period only for container and municipality sources, ids
 * by the chain's rule, a municipality on the CBS list, periods as instants or as calendar dates in the chain's
 * `timeZone`, to later than from, a year from 2000), and errors map to status codes through the taxonomy
 * (INVALID_ARGUMENT, NOT_FOUND), naming the request field in the `vezel-field` trailer.
 */
export function createLedgerGrpcService(
  queriesFor: (context: GrpcCallContext) => Promise<LedgerQueries>,
  timeZone: string,
  feed: { readonly hub: FeedHub; readonly limits?: FeedLimits; readonly epcisBase: string },
): GrpcServiceImplementation<typeof LedgerService> {
  return {
    async traceForward(request, context) {
      const queries = await queriesFor(context);
      const source = fromProtoTraceSource(request.source, timeZone);
      return toForwardTraceProto(await namingNotFound('source.nodeId', queries.traceForward(source)));
    },

    async traceBackward(request, context) {
      const queries = await queriesFor(context);
      const nodeId = requireChainId(request.nodeId, 'nodeId');
      return toBackwardTraceProto(await namingNotFound('nodeId', queries.traceBackward(nodeId)));
    },

    async getNode(request, context) {
      const queries = await queriesFor(context);
      const nodeId = requireChainId(request.nodeId, 'nodeId');
      const page = {
        limit: pageSize(request.historyPageSize, 200, 'history_page_size'),
        ...(request.historyPageToken === '' ? {} : { pageToken: request.historyPageToken }),
      };
      const description = await namingNotFound('nodeId', queries.describeNode(nodeId, page));
      return { ...toNodeDescriptionProto(description), nextHistoryPageToken: description.nextHistoryPageToken ?? '' };
    },

    async getKpis(request, context) {
      const queries = await queriesFor(context);
      const query = fromProtoKpiRequest(request, timeZone);
      return toKpisProto(await namingNotFound('factorsVersion', queries.kpis(query)));
    },

    async getUpvReport(request, context) {
      const queries = await queriesFor(context);
      return toUpvReportProto(await queries.upvReport(fromProtoYear(request.year)));
    },

    async listAnomalies(request, context) {
      const queries = await queriesFor(context);
      const page = await queries.anomalies({
        limit: pageSize(request.pageSize, 100, 'page_size'),
        ...(request.pageToken === '' ? {} : { pageToken: request.pageToken }),
      });
      return { anomalies: page.anomalies.map(toAnomalyProto), nextPageToken: page.nextPageToken ?? '' };
    },

    async getLag(_request, context) {
      const queries = await queriesFor(context);
      return toLagProto(await queries.lag());
    },

    async streamFeed(request, context, send) {
      const queries = await queriesFor(context);
      const { filter, after, follow, epcis } = fromProtoFeedRequest(request);
      const stallMs = feed.limits?.stallMs ?? 30_000;
      const closed = feed.hub.opened();
      // The subscriber cancelled, or the process is shutting down.
      const ended = AbortSignal.any([context.signal, feed.hub.closed]);
      let ending: 'gone' | 'slow' = 'gone';
      try {
        const { outcome, lastPosition } = await followFeed({
          queries,
          filter,
          after: after ?? (await feedEnd(queries, filter)),
          follow,
          hub: feed.hub,
          ended,
          ...(feed.limits === undefined ? {} : { limits: feed.limits }),
          // gRPC's flow control holds one message at a time; a subscriber that takes none for stallMs is ended.
          deliver: (event) => {
            const message = toFeedEventProto(event, epcis ? feed.epcisBase : undefined);
            return message === undefined ? true : sentWithin(send(message), stallMs, ended);
          },
        });
        // A subscriber that cancelled is gone, not slow.
        if (outcome === 'cut-off' && !ended.aborted) {
          ending = 'slow';
          throw new RateLimitedError(
            `this subscriber took no event for ${stallMs} ms; resume with after_position ${lastPosition}`,
            { details: { lastPosition: lastPosition.toString() } },
          );
        }
      } finally {
        closed(ending);
      }
    },
  };
}

/** Adds the ledger gRPC service to a server; calendar dates are days in `timeZone` (default Europe/Amsterdam). */
export function registerLedgerGrpcService(
  server: Server,
  queries: LedgerQueries,
  options: {
    readonly timeZone?: string;
    readonly reportUnexpectedError?: UnexpectedErrorReporter;
    /** The queries as the caller of a call may ask them (who it is, the read policy); default `queries`. */
    readonly queriesFor?: (context: GrpcCallContext) => Promise<LedgerQueries>;
    readonly feedHub?: FeedHub;
    readonly feedLimits?: FeedLimits;
    /** Where EPCIS node and place URIs live (FEED_FORMAT_EPCIS); default https://id.vezel.dev. */
    readonly epcisBase?: string;
  } = {},
): void {
  const { reportUnexpectedError } = options;
  const timeZone = options.timeZone ?? DEFAULT_CHAIN_TIME_ZONE;
  const queriesFor = options.queriesFor ?? (() => Promise.resolve(queries));
  const feed = {
    hub: options.feedHub ?? createFeedHub(),
    ...(options.feedLimits === undefined ? {} : { limits: options.feedLimits }),
    epcisBase: options.epcisBase ?? DEFAULT_EPCIS_BASE,
  };
  registerGrpcService(server, LedgerService, createLedgerGrpcService(queriesFor, timeZone, feed), {
    ...(reportUnexpectedError === undefined ? {} : { reportUnexpectedError }),
  });
}

/** Whether a send completed within `ms` (a send the call's end rejects, or one the call ends first, is not taken). */
async function sentWithin(sending: Promise<void>, ms: number, ended: AbortSignal): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  let onEnd: (() => void) | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    onEnd = () => resolve(false);
    ended.addEventListener('abort', onEnd, { once: true });
  });
  try {
    return await Promise.race([sending.then(() => true), late]);
  } catch {
    return false;
  } finally {
    // One listener per event sent: left behind, a long stream would pile them up on its signal.
    clearTimeout(timer);
    if (onEnd !== undefined) ended.removeEventListener('abort', onEnd);
  }
}

/**
 * The queries name what was not found by its HTTP parameter (`node`, `factors`); over gRPC the trailer names the
 * request field instead, so a client can point at what it sent.
 */
async function namingNotFound<T>(field: string, answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (isDomainError(error) && error.kind === 'NotFound') {
      throw new NotFoundError(error.message, { field, details: error.details, cause: error });
    }
    throw error;
  }
}

/** A page size as gRPC gives it: 0 (unset) is the default, otherwise 1-1000. */
function pageSize(requested: number, fallback: number, field: string): number {
  if (requested < 0 || requested > 1_000) {
    throw new InvalidInputError(`must be from 1 to 1000 (0: ${fallback})`, { field });
  }
  return requested === 0 ? fallback : requested;
}
