import { element } from './element.js';
import { kilogramsText, percentText } from './kilograms.js';
import { outcomeGroup } from './outcomes.js';

const groups = ['reuse', 'recycling', 'upcycling', 'disposal', 'loss', 'stock'];

/**
 * One row per municipality of the flows: what it collected and the share of that which reached each kind of
 * outcome, largest collector first; a municipality's code links to its trace for the same period.
 *
 * @param {readonly import('./flows-sankey.js').Flow[]} flows
 * @param {(municipality: string) => string} traceHref
 * @returns {HTMLElement}
 */
export function municipalityTable(flows, traceHref) {
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
  return element(
    'table',
    { class: 'figures', 'data-table': 'municipalities' },
    element(
      'thead',
      {},
      element('tr', {}, element('th', {}, 'Municipality'), element('th', { class: 'number' }, 'Collected'),
        ...groups.map((group) => element('th', { class: 'number' }, group))),
    ),
    element(
      'tbody',
      {},
      ...sorted.map(([municipality, row]) => {
        const collected = row.get('collected') ?? 0;
        return element(
          'tr',
          {},
          element('td', {}, element('a', { href: traceHref(municipality) }, municipality)),
          element('td', { class: 'number' }, kilogramsText(collected)),
          ...groups.map((group) =>
            element('td', { class: 'number', title: kilogramsText(row.get(group) ?? 0) }, percentText(row.get(group) ?? 0, collected)),
          ),
        );
      }),
    ),
  );
}
