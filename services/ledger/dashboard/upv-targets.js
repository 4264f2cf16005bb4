import { element } from './element.js';
import { kilogramsText, percentText } from './kilograms.js';

/** @type {Record<string, string>} */
const indicatorLabels = {
  'reuse-or-recycling': 'Prepared for reuse or recycled',
  reuse: 'Prepared for reuse',
  'reuse-netherlands': 'Reused within the Netherlands',
  'fibre-to-fibre': 'Fibre-to-fibre (of the recycled part)',
};

/**
 * The chain's figures beside the Dutch textile EPR (UPV Textiel) targets, from `GET /v1/ledger/reports/upv`. The
 * first three are shares of the textile put on the market the year before; until that figure is loaded as
 * reference data the panel says so and shows the share of collected grams instead, labelled as such, rather than
 * a percentage of the wrong base.
 *
 * @param {any} report the ledger's UPV report
 * @param {string} csvUrl where the report downloads as CSV
 * @returns {HTMLElement}
 */
export function upvTargets(report, csvUrl) {
  const rows = report.figures.map((/** @type {any} */ figure) => {
    const label = indicatorLabels[figure.indicator] ?? figure.indicator;
    const target = figure.targetPercent;
    const actual = figure.actualPercent;
    const met = actual !== undefined && target !== undefined ? actual >= target : undefined;
    const status = met === undefined ? 'unknown' : met ? 'met' : 'missed';
    const actualText =
      actual !== undefined
        ? `${actual.toFixed(1)} %`
        : `${percentText(figure.grams, report.collectedGrams)} of collected`;
    // Without the market base the bar shows the share of collected grams, grey: comparable in size, not a verdict.
    const width = Math.min(
      100,
      actual ?? (report.collectedGrams > 0 ? (figure.grams / report.collectedGrams) * 100 : 0),
    );
    return element(
      'div',
      { class: `upv-row upv-${status}`, 'data-upv': figure.indicator },
      element('div', { class: 'upv-label' }, label),
      element(
        'div',
        { class: 'upv-bar', title: kilogramsText(figure.grams) },
        element('div', { class: 'upv-fill', style: `width: ${width}%` }),
        target === undefined
          ? undefined
          : element('div', { class: 'upv-target', style: `left: ${Math.min(100, target)}%` }),
      ),
      element('div', { class: 'upv-actual' }, actualText),
      element('div', { class: 'upv-goal' }, target === undefined ? 'no target' : `target ≥ ${target} %`),
    );
  });
  const base =
    report.placedOnMarketGrams === undefined
      ? `Textile put on the Dutch market in ${report.year - 1} is not loaded (ledger reference data), so the first three figures are shown as shares of collected grams.`
      : `Base: ${kilogramsText(report.placedOnMarketGrams)} put on the Dutch market in ${report.year - 1}.`;
  return element(
    'div',
    { class: 'upv' },
    ...rows,
    element(
      'p',
      { class: 'note' },
      `${base} `,
      element(
        'a',
        { href: csvUrl, download: `upv-${report.year}.csv`, 'data-download': 'upv-csv' },
        `Download the ${report.year} UPV report (CSV)`,
      ),
    ),
  );
}
