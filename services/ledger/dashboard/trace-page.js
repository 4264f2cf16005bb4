import { drawChart, releaseCharts } from './charts.js';
import { element } from './element.js';
import { escapeHtml } from './html-text.js';
import { kilogramsText, percentText } from './kilograms.js';
import { getLedger, LedgerProblem } from './ledger-api.js';
import { outcomeColour, outcomeLabel } from './outcomes.js';
import { loadMunicipalityLabels } from './municipality-names.js';
import { periodQuery } from './period.js';

const municipalityCode = /^GM\d{4}$/;

/**
 * Where did the grams of one id go, and where did they come from? The id may be a batch, lot or product (a node:
 * forward and backward), a container or a municipality (forward, over the period's collections).
 *
 * @param {HTMLElement} results
 * @param {string} id
 * @param {import('./period.js').Period} period
 * @param {() => boolean} isCurrent false once the user has moved on: then nothing is drawn
 */
export async function showTrace(results, id, period, isCurrent) {
  /** @param {...(Node | string)} content */
  const show = (...content) => {
    if (!isCurrent()) return;
    releaseCharts(results);
    results.replaceChildren(...content);
  };
  show(element('p', { class: 'note' }, `Tracing ${id} …`));
  const municipalityLabel = await loadMunicipalityLabels();
  if (municipalityCode.test(id)) {
    const forward = await getLedger('trace/forward', { municipality: id, ...periodQuery(period) });
    show(
      element('h2', {}, `Municipality ${municipalityLabel(id)}, collected ${period.from} to ${period.to}`),
      ...forwardSection(forward),
    );
    return;
  }
  const node = await getLedger(`nodes/${encodeURIComponent(id)}`).catch((error) => {
    if (error instanceof LedgerProblem && error.status === 404) return undefined;
    throw error;
  });
  if (node === undefined) {
    const forward = await getLedger('trace/forward', { container: id, ...periodQuery(period) });
    if (forward.grams === 0) {
      show(
        element(
          'p',
          { class: 'problem', 'data-state': 'unknown-id' },
          `The ledger knows no batch, lot or product ${id}, and no container ${id} with textile collected ${period.from} to ${period.to}.`,
        ),
      );
      return;
    }
    show(element('h2', {}, `Container ${id}, collected ${period.from} to ${period.to}`), ...forwardSection(forward));
    return;
  }
  if (node.node.kind === 'unknown') {
    // Events name the node, but none created it (an anomaly): there is nothing to trace, only its history.
    show(
      element('h2', {}, `${id}: named in events, never created`),
      element(
        'p',
        { class: 'problem', 'data-state': 'never-created' },
        'The ledger has not seen this node created, so it cannot say where its grams went; see Anomalies.',
      ),
      element('h3', {}, 'History'),
      historyTable(node.history),
    );
    return;
  }
  const [forward, backward] = await Promise.all([
    getLedger('trace/forward', { node: id }),
    getLedger('trace/backward', { node: id }),
  ]);
  show(
    element('h2', {}, `${node.node.kind} ${id}: ${kilogramsText(node.node.grams)}`),
    ...forwardSection(forward),
    ...backwardSection(backward, municipalityLabel),
    element('h3', {}, 'History'),
    historyTable(node.history),
  );
}

/** @param {any} forward the ledger's forward trace */
function forwardSection(forward) {
  const reached = forward.outcomes.filter((/** @type {any} */ row) => row.grams > 0);
  const chart = element('div', { class: 'trace-chart', 'data-chart': 'forward' });
  const table = element(
    'table',
    { class: 'figures', 'data-table': 'forward' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'Outcome'),
        element('th', { class: 'number' }, 'Grams'),
        element('th', { class: 'number' }, 'Share'),
      ),
    ),
    element(
      'tbody',
      {},
      ...reached.map((/** @type {any} */ row) =>
        element(
          'tr',
          {},
          element('td', {}, outcomeLabel(row.outcome)),
          element('td', { class: 'number' }, kilogramsText(row.grams)),
          element('td', { class: 'number' }, percentText(row.grams, forward.grams)),
        ),
      ),
    ),
    element(
      'tfoot',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'Total'),
        element('th', { class: 'number' }, kilogramsText(forward.grams)),
        element('th', { class: 'number' }, percentText(forward.grams, forward.grams)),
      ),
    ),
  );
  // Drawn once the chart's element is in the page (ECharts sizes itself from it), and only if it still is.
  queueMicrotask(() => {
    if (reached.length === 0 || !chart.isConnected) return;
    drawChart(chart, {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (/** @type {any} */ item) => `${escapeHtml(item.name)}<br>${kilogramsText(item.value)}`,
      },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          label: { formatter: '{b}: {d} %' },
          data: reached.map((/** @type {any} */ row) => ({
            name: outcomeLabel(row.outcome),
            value: row.grams,
            itemStyle: { color: outcomeColour(row.outcome) },
          })),
        },
      ],
    });
  });
  const stock =
    forward.stock.length === 0
      ? []
      : [
          element('h3', {}, 'Still in stock'),
          element(
            'table',
            { class: 'figures', 'data-table': 'stock' },
            element(
              'thead',
              {},
              element(
                'tr',
                {},
                element('th', {}, 'Node'),
                element('th', {}, 'Held by'),
                element('th', { class: 'number' }, 'Grams'),
              ),
            ),
            element(
              'tbody',
              {},
              ...forward.stock.map((/** @type {any} */ line) =>
                element(
                  'tr',
                  {},
                  element('td', {}, nodeLink(line.nodeId)),
                  element('td', {}, holderText(line.holder)),
                  element('td', { class: 'number' }, kilogramsText(line.grams)),
                ),
              ),
            ),
          ),
        ];
  return [
    element('h3', {}, 'Forward: where the grams went'),
    element('div', { class: 'trace-split' }, chart, table),
    ...stock,
  ];
}

/**
 * @param {any} backward the ledger's backward trace
 * @param {import('./municipality-names.js').MunicipalityLabel} municipalityLabel
 */
function backwardSection(backward, municipalityLabel) {
  const chart = element('div', { class: 'trace-chart', 'data-chart': 'backward' });
  // A category axis draws its first entry at the bottom: ascending puts the largest origin on top.
  const byMunicipality = [...backward.byMunicipality].sort(
    (/** @type {any} */ a, /** @type {any} */ b) => a.grams - b.grams,
  );
  queueMicrotask(() => {
    if (!chart.isConnected) return;
    drawChart(chart, {
      animation: false,
      grid: { left: 8, right: 16, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (/** @type {any} */ item) => `${escapeHtml(item.name)}<br>${kilogramsText(item.value)}`,
      },
      xAxis: { type: 'value', axisLabel: { formatter: (/** @type {number} */ grams) => `${grams / 1000} kg` } },
      yAxis: {
        type: 'category',
        data: byMunicipality.map((/** @type {any} */ row) => municipalityLabel(row.municipality)),
      },
      series: [
        {
          type: 'bar',
          data: byMunicipality.map((/** @type {any} */ row) => row.grams),
          itemStyle: { color: '#4a6572' },
        },
      ],
    });
  });
  return [
    element('h3', {}, 'Backward: where the grams came from'),
    element(
      'div',
      { class: 'trace-split' },
      chart,
      element(
        'table',
        { class: 'figures', 'data-table': 'backward' },
        element(
          'thead',
          {},
          element(
            'tr',
            {},
            element('th', {}, 'Batch'),
            element('th', {}, 'Container'),
            element('th', {}, 'Municipality'),
            element('th', { class: 'number' }, 'Grams'),
          ),
        ),
        element(
          'tbody',
          {},
          ...backward.origins.map((/** @type {any} */ origin) =>
            element(
              'tr',
              {},
              element('td', {}, nodeLink(origin.batchId)),
              element('td', {}, origin.containerId),
              element('td', {}, municipalityLabel(origin.municipality)),
              element('td', { class: 'number' }, kilogramsText(origin.grams)),
            ),
          ),
        ),
        element(
          'tfoot',
          {},
          element(
            'tr',
            {},
            element('th', { colspan: '3' }, 'Total'),
            element('th', { class: 'number' }, kilogramsText(backward.grams)),
          ),
        ),
      ),
    ),
  ];
}

/** @param {readonly any[]} history the node's events */
function historyTable(history) {
  return element(
    'table',
    { class: 'figures', 'data-table': 'history' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'When'),
        element('th', {}, 'What'),
        element('th', {}, 'Holder'),
        element('th', { class: 'number' }, 'Grams'),
      ),
    ),
    element(
      'tbody',
      {},
      ...history.map((entry) =>
        element(
          'tr',
          {},
          element('td', {}, `${entry.occurredAt.slice(0, 16).replace('T', ' ')} UTC`),
          element('td', {}, entry.type),
          element('td', {}, entry.holder === undefined ? '' : holderText(entry.holder)),
          element('td', { class: 'number' }, entry.grams === undefined ? '' : kilogramsText(entry.grams)),
        ),
      ),
    ),
  );
}

/** @param {string} nodeId */
function nodeLink(nodeId) {
  return element('a', { href: `#/trace?id=${encodeURIComponent(nodeId)}` }, nodeId);
}

/** @param {any} holder */
function holderText(holder) {
  if (holder.kind === 'in-transit') return `in transit (${holder.id}) to ${holder.to.kind} ${holder.to.id}`;
  return `${holder.kind} ${holder.id}`;
}
