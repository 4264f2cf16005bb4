import { escapeHtml } from './html-text.js';
import { kilogramsText } from './kilograms.js';
import { outcomeColour, outcomeLabel } from './outcomes.js';

/**
 * @typedef {{ municipality: string, centreId?: string, fraction?: string, outcome: string, grams: number }} Flow
 *   one row of `GET /v1/ledger/flows`: grams collected in a municipality, received first at a centre, sorted
 *   first into a fraction, that reached an outcome
 * @typedef {{ name: string, label: string, colour: string, grams: number }} SankeyNode
 * @typedef {{ source: string, target: string, value: number }} SankeyLink
 */

const NOT_AT_A_CENTRE = 'not yet at a centre';
const NOT_SORTED = 'not sorted';

/**
 * The Sankey diagram's nodes and links: municipalities -> the centre that first received their grams -> the
 * fraction they were sorted into -> outcomes. Every node's links out add up to its links in, because each flow row
 * is one path through all four columns. Node names carry their column (`municipality:`, `centre:`, `fraction:`,
 * `outcome:`) so a centre, a fraction and an outcome of the same name never merge.
 *
 * @param {readonly Flow[]} flows
 * @param {(code: string) => string} [municipalityLabel] how a municipality's code is shown; default the code
 * @returns {{ nodes: SankeyNode[], links: SankeyLink[] }}
 */
export function sankeyOf(flows, municipalityLabel = (code) => code) {
  /** @type {Map<string, SankeyNode>} */
  const nodes = new Map();
  /** @type {Map<string, SankeyLink>} */
  const links = new Map();
  /** @param {string} name @param {string} label @param {string} colour @param {number} grams */
  const addNode = (name, label, colour, grams) => {
    const known = nodes.get(name);
    if (known === undefined) nodes.set(name, { name, label, colour, grams });
    else known.grams += grams;
  };
  /** @param {string} source @param {string} target @param {number} grams */
  const addLink = (source, target, grams) => {
    const key = `${source}\u0000${target}`;
    const known = links.get(key);
    if (known === undefined) links.set(key, { source, target, value: grams });
    else known.value += grams;
  };
  for (const flow of flows) {
    if (flow.grams <= 0) continue;
    const municipality = `municipality:${flow.municipality}`;
    const centre = `centre:${flow.centreId ?? NOT_AT_A_CENTRE}`;
    const fraction = `fraction:${flow.fraction ?? NOT_SORTED}`;
    const outcome = `outcome:${flow.outcome}`;
    addNode(municipality, municipalityLabel(flow.municipality), '#4a6572', flow.grams);
    addNode(centre, flow.centreId ?? NOT_AT_A_CENTRE, '#344955', flow.grams);
    addNode(fraction, flow.fraction ?? NOT_SORTED, '#7a8b99', flow.grams);
    addNode(outcome, outcomeLabel(flow.outcome), outcomeColour(flow.outcome), flow.grams);
    addLink(municipality, centre, flow.grams);
    addLink(centre, fraction, flow.grams);
    addLink(fraction, outcome, flow.grams);
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

/**
 * The ECharts option drawing {@link sankeyOf}: labels name what a node is, tooltips give exact kilograms.
 * @param {readonly Flow[]} flows
 * @param {(code: string) => string} [municipalityLabel]
 * @returns {import('echarts').EChartsOption}
 */
export function sankeyOptionOf(flows, municipalityLabel) {
  const { nodes, links } = sankeyOf(flows, municipalityLabel);
  const labels = new Map(nodes.map((node) => [node.name, node.label]));
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (/** @type {any} */ item) =>
        item.dataType === 'edge'
          ? `${escapeHtml(labels.get(item.data.source) ?? '')} → ${escapeHtml(labels.get(item.data.target) ?? '')}<br>${kilogramsText(item.data.value)}`
          : `${escapeHtml(labels.get(item.name) ?? '')}<br>${kilogramsText(item.value)}`,
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 190,
        top: 8,
        bottom: 8,
        nodeGap: 6,
        nodeAlign: 'justify',
        layoutIterations: 32,
        emphasis: { focus: 'adjacency' },
        label: { formatter: (/** @type {any} */ item) => labels.get(item.name) ?? item.name, fontSize: 11 },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        data: nodes.map((node) => ({ name: node.name, value: node.grams, itemStyle: { color: node.colour } })),
        links,
      },
    ],
  };
}
