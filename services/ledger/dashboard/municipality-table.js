import { element } from './element.js';
import { kilogramsText, percentText } from './kilograms.js';
import { outcomeGroup } from './outcomes.js';

const groups = ['reuse', 'recycling', 'upcycling', 'disposal', 'loss', 'stock'];

/**
 * @typedef {{ municipality: string, collectedGrams: number, reusedInStoresGrams: number, localGrams: number,
 *   unplacedStoreGrams: number }} LocalForLocal  one row of `GET /v1/ledger/local-for-local`
 */

/**
 * One row per municipality of the flows: what it collected, the share of that which reached each kind of outcome,
 * and local-for-local (the share reused in its own stores), largest collector first; a municipality's code links
 * to its trace for the same period. Grams reused in stores the ledger cannot place are said, not hidden.
 *
 * @param {readonly import('./flows-sankey.js').Flow[]} flows
 * @param {readonly LocalForLocal[]} localForLocal
 * @param {(municipality: string) => string} traceHref
 * @param {(municipality: string) => string} [municipalityLabel] how a code is shown; default the code
 * @returns {HTMLElement}
 */
export function municipalityTable(flows, localForLocal, traceHref, municipalityLabel = (code) => code) {
  const local = new Map(localForLocal.map((row) => [row.municipality, row]));
  const unplaced = localForLocal.reduce((sum, row) => sum + row.unplacedStoreGrams, 0);
  /** @type {Map<string, Map<string, number>>} */
  const byMunicipality = new Map();
  for (const flow of flows) {
    const row = byMunicipality.get(flow.municipality) ?? new Map();
    const group = outcomeGroup(flow.outcome);
    row.set(group, (row.get(group) ?? 0) + flow.grams);
    row.set('collected', (row.get('collected') ?? 0) + flow.grams);
    byMunicipality.set(flow.municipality, row);
  }
  const sorted = [...byMunicipality].sort(([, a], [, b]) => (b.get('collected') ?? 0) - (a.get('collected') ?? 0));
  const table = element(
    'table',
    { class: 'figures', 'data-table': 'municipalities' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'Municipality'),
        element('th', { class: 'number' }, 'Collected'),
        ...groups.map((group) => element('th', { class: 'number' }, group)),
        element(
          'th',
          {
            class: 'number',
            title: 'Share of the collected grams sold or donated in a store in the same municipality',
          },
          'local-for-local',
        ),
      ),
    ),
    element(
      'tbody',
      {},
      ...sorted.map(([municipality, row]) => {
        const collected = row.get('collected') ?? 0;
        return element(
          'tr',
          {},
          element('td', {}, element('a', { href: traceHref(municipality) }, municipalityLabel(municipality))),
          element('td', { class: 'number' }, kilogramsText(collected)),
          ...groups.map((group) =>
            element(
              'td',
              { class: 'number', title: kilogramsText(row.get(group) ?? 0) },
              percentText(row.get(group) ?? 0, collected),
            ),
          ),
          element(
            'td',
            {
              class: 'number',
              'data-local-grams': String(local.get(municipality)?.localGrams ?? 0),
              title: kilogramsText(local.get(municipality)?.localGrams ?? 0),
            },
            percentText(local.get(municipality)?.localGrams ?? 0, collected),
          ),
        );
      }),
    ),
  );
  if (unplaced === 0) return table;
  return element(
    'div',
    {},
    table,
    element(
      'p',
      { class: 'note', 'data-state': 'unplaced-stores' },
      `${kilogramsText(unplaced)} were reused in stores whose municipality the ledger does not know; place them in the reference data (stores) to count them in local-for-local.`,
    ),
  );
}
