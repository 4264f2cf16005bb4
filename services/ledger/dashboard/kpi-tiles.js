import { element } from './element.js';
import { kilogramsText, percentText, roundedMassText } from './kilograms.js';
import { outcomeGroup } from './outcomes.js';

/**
 * The headline figures of `GET /v1/ledger/kpis` as tiles: what was collected, and what share of it reached each
 * kind of outcome. Each tile's exact kilograms are in its tooltip; `data-kpi` names it and `data-grams` holds its
 * exact figure, for tests and scripts.
 *
 * @param {any} kpis the ledger's KPI answer
 * @returns {HTMLElement}
 */
export function kpiTiles(kpis) {
  const collected = kpis.collectedGrams;
  /** @param {string} group */
  const gramsOf = (group) =>
    kpis.outcomes
      .filter((/** @type {any} */ row) => outcomeGroup(row.outcome) === group)
      .reduce((/** @type {number} */ total, /** @type {any} */ row) => total + row.grams, 0);
  /**
   * @param {string} name
   * @param {string} title
   * @param {number} grams
   * @param {string} [note]
   */
  const tile = (name, title, grams, note) =>
    element(
      'div',
      { class: `tile tile-${name}`, 'data-kpi': name, 'data-grams': String(grams), title: kilogramsText(grams) },
      element('div', { class: 'tile-title' }, title),
      element(
        'div',
        { class: 'tile-value' },
        name === 'collected' ? roundedMassText(grams) : percentText(grams, collected),
      ),
      element('div', { class: 'tile-note' }, note ?? roundedMassText(grams)),
    );
  const avoided = -kpis.co2eGrams;
  return element(
    'div',
    { class: 'tiles' },
    tile('collected', 'Collected', collected, kilogramsText(collected)),
    tile('reuse', 'Reuse', gramsOf('reuse'), `${roundedMassText(kpis.reuseNetherlandsGrams)} in the Netherlands`),
    tile('recycling', 'Recycling', gramsOf('recycling')),
    tile('upcycling', 'Upcycling', gramsOf('upcycling')),
    tile('disposal', 'Disposal', gramsOf('disposal')),
    tile('loss', 'Loss', gramsOf('loss')),
    tile('stock', 'Still in stock', gramsOf('stock')),
    element(
      'div',
      {
        class: 'tile tile-co2e',
        'data-kpi': 'co2e',
        title: `Emission factors ${kpis.emissionFactors.version}: ${kpis.emissionFactors.source}`,
      },
      element('div', { class: 'tile-title' }, avoided >= 0 ? 'CO₂e avoided' : 'CO₂e emitted'),
      element('div', { class: 'tile-value' }, roundedMassText(Math.abs(avoided))),
      element('div', { class: 'tile-note' }, `factors ${kpis.emissionFactors.version}`),
    ),
  );
}
