import { catchingUpText } from './catching-up-text.js';
import { drawChart, releaseCharts } from './charts.js';
import { element } from './element.js';
import { sankeyOptionOf } from './flows-sankey.js';
import { kpiTiles } from './kpi-tiles.js';
import { getLedger, ledgerUrl } from './ledger-api.js';
import { loadMunicipalityLabels } from './municipality-names.js';
import { municipalityTable } from './municipality-table.js';
import { periodQuery, reportingYearOf } from './period.js';
import { provinceTable } from './province-table.js';
import { upvTargets } from './upv-targets.js';

/**
 * The overview of a period: KPI tiles, the UPV targets, the Sankey diagram of where the grams went, and a table
 * per municipality with its local-for-local, and local-for-local per province. All requests go out at once.
 *
 * @param {HTMLElement} page
 * @param {import('./period.js').Period} period
 * @param {(id: string) => string} traceHref
 * @param {() => boolean} isCurrent false once the user has moved on: then nothing is drawn
 */
export async function showOverview(page, period, traceHref, isCurrent) {
  const query = periodQuery(period);
  const year = String(reportingYearOf(period));
  const [kpis, upv, flows, local, provinces, lag, municipalityLabel] = await Promise.all([
    getLedger('kpis', query),
    getLedger('reports/upv', { year }),
    getLedger('flows', query),
    getLedger('local-for-local', query),
    getLedger('local-for-local', { ...query, region: 'province' }),
    getLedger('lag'),
    loadMunicipalityLabels(),
  ]);
  if (!isCurrent()) return;
  const chart = element('div', { class: 'sankey', 'data-chart': 'sankey' });
  const catchingUpNote = catchingUpText(lag);
  const catchingUp =
    catchingUpNote === undefined
      ? undefined
      : element('p', { class: 'note catching-up', 'data-state': 'catching-up' }, catchingUpNote);
  releaseCharts(page);
  page.replaceChildren(
    ...(catchingUp === undefined ? [] : [catchingUp]),
    element('h2', {}, `Collected ${period.from} to ${period.to}`),
    kpiTiles(kpis),
    element('h2', {}, `UPV Textiel targets, ${year}`),
    upvTargets(upv, ledgerUrl('reports/upv', { year, format: 'csv' })),
    element('h2', {}, 'Where the grams went: municipality → sorting centre → fraction → outcome'),
    flows.flows.length === 0 ? element('p', { class: 'note' }, 'No textile was collected in this period.') : chart,
    element('h2', {}, 'Per municipality'),
    municipalityTable(flows.flows, local.municipalities, traceHref, municipalityLabel),
    ...(provinces.provinces.length === 0
      ? []
      : [element('h2', {}, 'Per province'), provinceTable(provinces.provinces)]),
  );
  if (flows.flows.length > 0) drawChart(chart, sankeyOptionOf(flows.flows, municipalityLabel));
}
