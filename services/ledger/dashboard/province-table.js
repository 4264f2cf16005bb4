import { element } from './element.js';
import { kilogramsText, percentText } from './kilograms.js';

/**
 * @typedef {{ province: string, collectedGrams: number, reusedInStoresGrams: number, localGrams: number,
 *   unplacedStoreGrams: number }} ProvinceLocalForLocal  one row of `GET /v1/ledger/local-for-local?region=province`
 */

/**
 * Local-for-local with the province as the region: of what a province's municipalities collected, the share reused
 * in any store and in a store in the same province. Largest collector first.
 *
 * @param {readonly ProvinceLocalForLocal[]} provinces
 * @returns {HTMLElement}
 */
export function provinceTable(provinces) {
  const sorted = [...provinces].sort((a, b) => b.collectedGrams - a.collectedGrams);
  return element(
    'table',
    { class: 'figures', 'data-table': 'provinces' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'Province'),
        element('th', { class: 'number' }, 'Collected'),
        element(
          'th',
          { class: 'number', title: 'Share of the collected grams sold or donated in any store' },
          'reused in stores',
        ),
        element(
          'th',
          { class: 'number', title: 'Share of the collected grams sold or donated in a store in the same province' },
          'local-for-local',
        ),
      ),
    ),
    element(
      'tbody',
      {},
      ...sorted.map((row) =>
        element(
          'tr',
          {},
          element('td', {}, row.province),
          element('td', { class: 'number' }, kilogramsText(row.collectedGrams)),
          element(
            'td',
            { class: 'number', title: kilogramsText(row.reusedInStoresGrams) },
            percentText(row.reusedInStoresGrams, row.collectedGrams),
          ),
          element(
            'td',
            { class: 'number', 'data-local-grams': String(row.localGrams), title: kilogramsText(row.localGrams) },
            percentText(row.localGrams, row.collectedGrams),
          ),
        ),
      ),
    ),
  );
}
