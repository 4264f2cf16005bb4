import { element } from './element.js';
import { kilogramsText } from './kilograms.js';
import { getLedger } from './ledger-api.js';

/**
 * What does not balance (`GET /v1/ledger/anomalies`): grams consumed before they were received, imbalances,
 * references to unknown nodes; each with the node to trace.
 *
 * @param {HTMLElement} page
 * @param {() => boolean} isCurrent false once the user has moved on: then nothing is drawn
 */
export async function showAnomalies(page, isCurrent) {
  const { anomalies } = await getLedger('anomalies');
  if (!isCurrent()) return;
  if (anomalies.length === 0) {
    page.replaceChildren(
      element('h2', {}, 'Anomalies'),
      element('p', { 'data-state': 'no-anomalies' }, 'None: every gram the ledger has seen balances.'),
    );
    return;
  }
  page.replaceChildren(
    element('h2', {}, `Anomalies (${anomalies.length})`),
    element(
      'table',
      { class: 'figures', 'data-table': 'anomalies' },
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', {}, 'Detected'),
          element('th', {}, 'Kind'),
          element('th', {}, 'Node'),
          element('th', { class: 'number' }, 'Grams'),
          element('th', {}, 'What is wrong'),
        ),
      ),
      element(
        'tbody',
        {},
        ...anomalies.map((/** @type {any} */ anomaly) =>
          element(
            'tr',
            {},
            element('td', {}, anomaly.detectedAt),
            element('td', {}, anomaly.kind),
            element(
              'td',
              {},
              element('a', { href: `#/trace?id=${encodeURIComponent(anomaly.nodeId)}` }, anomaly.nodeId),
            ),
            element('td', { class: 'number' }, kilogramsText(anomaly.grams)),
            element('td', {}, anomaly.message),
          ),
        ),
      ),
    ),
  );
}
