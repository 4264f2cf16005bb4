import { InvalidInputError } from '@vezel/errors';
import { readJson } from '@vezel/rpc';
import type { FeedFilter } from '../../app/follow-feed.ts';
import { optionalCount, readFeedFilter, requireFeedPosition } from './ledger-requests.ts';

/**
 * `POST /v1/ledger/webhooks`: `{url, types?: "A,B", node?, municipality?, after?: "<position>"}`: where to send,
 * which events (as the SSE feed's filters), and from which feed position (default: new events only).
 */
export function readWebhookRegistration(body: unknown): {
  readonly url: string;
  readonly filter: FeedFilter;
  readonly after?: bigint;
} {
  return readJson(body, (input) => {
    const url = input.string('url', { maxLength: 2_000 });
    const filter = readFeedFilter(input);
    const after = input.optionalString('after', { maxLength: 19 });
    return { url, filter, ...(after === undefined ? {} : { after: requireFeedPosition(after, 'after') }) };
  });
}

/** `POST .../replay`: `{after: "<position>", only?: "dead" | "all"}` (default all). */
export function readReplayRequest(body: unknown): { readonly after: bigint; readonly what: 'dead' | 'all' } {
  return readJson(body, (input) => {
    const after = requireFeedPosition(input.string('after', { maxLength: 19 }), 'after');
    const only = input.optionalString('only') ?? 'all';
    if (only !== 'dead' && only !== 'all') {
      throw new InvalidInputError(`must be dead or all, got ${JSON.stringify(only)}`, { field: 'only' });
    }
    return { after, what: only };
  });
}

/** `GET .../deliveries?[status=pending|delivered|dead][&after=][&limit=]`. */
export function readDeliveriesQuery(query: unknown): {
  readonly status?: 'pending' | 'delivered' | 'dead';
  readonly after?: bigint;
  readonly limit: number;
} {
  return readJson(query, (input) => {
    const status = input.optionalString('status');
    if (status !== undefined && status !== 'pending' && status !== 'delivered' && status !== 'dead') {
      throw new InvalidInputError(`must be pending, delivered or dead, got ${JSON.stringify(status)}`, {
        field: 'status',
      });
    }
    const after = input.optionalString('after', { maxLength: 19 });
    const limit = optionalCount(input, 'limit') ?? 100;
    return {
      ...(status === undefined ? {} : { status }),
      ...(after === undefined ? {} : { after: requireFeedPosition(after, 'after') }),
      limit,
    };
  });
}
