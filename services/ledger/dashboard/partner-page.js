import { element } from './element.js';
import { FEED_EVENT_TYPES } from './feed-event-types.js';
import { kilogramsText } from './kilograms.js';
import { getLedger, ledgerUrl } from './ledger-api.js';

/** Rows the recent-events table keeps: the newest first. */
const RECENT_EVENTS = 50;

/**
 * The partner's page: its feed's newest events, live (`GET /v1/ledger/feeds/events?latest=`, Server-Sent Events),
 * and how its webhooks are doing (`GET /v1/ledger/webhooks`). A partner sees only what it may read; the operator
 * sees the whole chain's feed and every webhook. Answers `stop`, which closes the live stream when the user leaves.
 *
 * @param {HTMLElement} page
 * @param {() => boolean} isCurrent false once the user has moved on: then nothing is drawn
 * @returns {Promise<() => void>}
 */
export async function showPartner(page, isCurrent) {
  const { webhooks } = await getLedger('webhooks');
  if (!isCurrent()) return () => undefined;
  const events = /** @type {HTMLTableSectionElement} */ (element('tbody', {}));
  const status = element('p', { class: 'note', 'data-feed': 'connecting' }, 'Connecting to the feed…');
  page.replaceChildren(
    element('h2', {}, 'Your feed'),
    status,
    element(
      'table',
      { class: 'figures', 'data-table': 'feed' },
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', { class: 'number' }, 'Position'),
          element('th', {}, 'When'),
          element('th', {}, 'Event'),
          element('th', {}, 'About'),
          element('th', { class: 'number' }, 'Grams'),
        ),
      ),
      events,
    ),
    element('h2', {}, `Webhooks (${webhooks.length})`),
    webhookTable(webhooks),
  );
  const source = new EventSource(ledgerUrl('feeds/events', { latest: String(RECENT_EVENTS) }));
  source.addEventListener('open', () => {
    status.dataset['feed'] = 'live';
    status.textContent = `Live: the newest ${RECENT_EVENTS} events you may see, new ones as they settle.`;
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself with Last-Event-ID; the note says so until it is back.
    status.dataset['feed'] = 'reconnecting';
    status.textContent = 'The feed is reconnecting…';
  });
  const onEvent = (/** @type {MessageEvent} */ message) => {
    const event = JSON.parse(message.data);
    events.prepend(eventRow(event));
    while (events.rows.length > RECENT_EVENTS) events.deleteRow(-1);
  };
  // Each SSE event is named by its type; the feed's types are the ledger's fact types.
  for (const type of FEED_EVENT_TYPES) source.addEventListener(type, onEvent);
  return () => source.close();
}

/** @param {any} event */
function eventRow(event) {
  const fact = event.fact;
  const about = fact.lotId ?? fact.nodeId ?? fact.batchId ?? fact.runId ?? fact.containerId ?? '';
  const grams =
    fact.grams ??
    fact.inputs?.reduce((/** @type {bigint} */ sum, /** @type {any} */ input) => sum + BigInt(input.grams), 0n);
  return element(
    'tr',
    { 'data-position': event.position },
    element('td', { class: 'number' }, event.position),
    element('td', {}, event.occurredAt),
    element('td', {}, event.type),
    element('td', {}, about === '' ? '' : element('a', { href: `#/trace?id=${encodeURIComponent(about)}` }, about)),
    element('td', { class: 'number' }, grams === undefined ? '' : kilogramsText(grams)),
  );
}

/** @param {any[]} webhooks */
function webhookTable(webhooks) {
  if (webhooks.length === 0) {
    return element(
      'p',
      { class: 'note', 'data-state': 'no-webhooks' },
      'None registered. POST /v1/ledger/webhooks with a URL to have your feed pushed to it, signed.',
    );
  }
  return element(
    'table',
    { class: 'figures', 'data-table': 'webhooks' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'URL'),
        element('th', {}, 'Status'),
        element('th', { class: 'number' }, 'Pending'),
        element('th', { class: 'number' }, 'Delivered'),
        element('th', { class: 'number' }, 'Dead letters'),
        element('th', {}, 'Last delivered'),
        element('th', {}, 'Last failure'),
      ),
    ),
    element(
      'tbody',
      {},
      ...webhooks.map((webhook) => {
        const { health } = webhook;
        const failure = health.lastFailure;
        return element(
          'tr',
          { 'data-webhook': webhook.id },
          element('td', {}, webhook.url),
          element(
            'td',
            { class: webhook.status === 'active' ? 'ok' : 'warning' },
            webhook.status === 'active' ? 'active' : `disabled: ${webhook.disabledReason ?? ''}`,
          ),
          element('td', { class: 'number' }, String(health.pending)),
          element('td', { class: 'number' }, String(health.delivered)),
          element('td', { class: 'number' }, String(health.dead)),
          element('td', {}, health.lastDeliveredAt ?? '—'),
          element('td', {}, failure === undefined ? '—' : `${failure.at}: ${failure.error ?? failure.status ?? ''}`),
        );
      }),
    ),
  );
}
