import type { FeedEvent } from '../../app/ledger-queries.ts';
import type { Webhook } from '../../app/webhook-store.ts';
import { matchesEpcisQuery } from '../../domain/index.ts';
import { epcisQueryDocumentOf, renderEpcisEvent } from '../epcis/render-epcis-event.ts';
import { feedEventJson } from './feed-event-json.ts';

/**
 * The body a webhook is sent for a feed event, or undefined when it is not for this webhook: a Standard Webhooks
 * payload (`type`, `timestamp`, `data`: the event as the SSE feed sends it), or, for an EPCIS subscription, an
 * EPCISQueryDocument of the one event, when the event has an EPCIS form and meets the query.
 */
export function webhookMessageOf(webhook: Webhook, event: FeedEvent, epcisBase: string): string | undefined {
  if (webhook.kind === 'standard') {
    return JSON.stringify({
      type: `ledger.${event.type}`,
      timestamp: event.occurredAt.toISOString(),
      data: feedEventJson(event),
    });
  }
  const rendered = renderEpcisEvent(event.fact, epcisBase);
  if (rendered === undefined) return undefined;
  if (webhook.filter.epcis !== undefined && !matchesEpcisQuery(rendered, webhook.filter.epcis)) return undefined;
  return JSON.stringify(
    epcisQueryDocumentOf(
      [rendered],
      { queryName: webhook.queryName ?? 'SimpleEventQuery', subscriptionID: webhook.id },
      new Date(),
    ),
  );
}
