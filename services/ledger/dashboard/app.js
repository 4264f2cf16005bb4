import { showAnomalies } from './anomalies-page.js';
import { releaseCharts } from './charts.js';
import { element } from './element.js';
import { showOverview } from './overview-page.js';
import { showPartner } from './partner-page.js';
import { periodFrom } from './period.js';
import { showTrace } from './trace-page.js';

/**
 * The dashboard's pages live in the URL's hash (`#/overview?from=&to=`, `#/trace?id=`, `#/anomalies`, `#/partner`), so every
 * view can be bookmarked and shared. `main[data-state]` says `loading`, `ready` or `error`: what a browser test
 * waits for instead of a fixed delay.
 */

const main = /** @type {HTMLElement} */ (document.querySelector('main'));
const problem = /** @type {HTMLElement} */ (document.querySelector('#problem'));
const periodForm = /** @type {HTMLFormElement} */ (document.querySelector('#period'));
const traceForm = /** @type {HTMLFormElement} */ (document.querySelector('#trace-form'));
const pages = {
  overview: /** @type {HTMLElement} */ (document.querySelector('#overview')),
  trace: /** @type {HTMLElement} */ (document.querySelector('#trace')),
  anomalies: /** @type {HTMLElement} */ (document.querySelector('#anomalies')),
  partner: /** @type {HTMLElement} */ (document.querySelector('#partner')),
};
const traceResults = /** @type {HTMLElement} */ (document.querySelector('#trace-results'));

function route() {
  const [path = '', search = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(search);
  const name = path === 'trace' || path === 'anomalies' || path === 'partner' ? path : 'overview';
  return { name, params, period: periodFrom(params) };
}

/**
 * @param {string} page
 * @param {Record<string, string>} params
 */
function hrefOf(page, params) {
  return `#/${page}?${new URLSearchParams(params).toString()}`;
}

// A render that finishes after a newer one started (a slow answer, a quick second click) must not draw.
let latestRender = 0;
// What the page shown last must stop when another is shown (the partner page's live feed).
/** @type {() => void} */
let leavePage = () => undefined;

async function render() {
  const generation = ++latestRender;
  const isCurrent = () => generation === latestRender;
  const { name, params, period } = route();
  leavePage();
  leavePage = () => undefined;
  for (const [pageName, page] of Object.entries(pages)) page.hidden = pageName !== name;
  for (const link of document.querySelectorAll('nav a')) {
    const target = /** @type {HTMLAnchorElement} */ (link).dataset['page'] ?? '';
    link.setAttribute('href', hrefOf(target, { from: period.from, to: period.to }));
    if (target === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  /** @type {HTMLInputElement} */ (periodForm.elements.namedItem('from')).value = period.from;
  /** @type {HTMLInputElement} */ (periodForm.elements.namedItem('to')).value = period.to;
  problem.hidden = true;
  main.dataset['state'] = 'loading';
  try {
    if (name === 'overview') {
      await showOverview(
        pages.overview,
        period,
        (id) => hrefOf('trace', { id, from: period.from, to: period.to }),
        isCurrent,
      );
    } else if (name === 'trace') {
      const id = params.get('id')?.trim() ?? '';
      /** @type {HTMLInputElement} */ (traceForm.elements.namedItem('id')).value = id;
      if (id === '')
        traceResults.replaceChildren(
          element(
            'p',
            { class: 'note' },
            'Enter the id of a batch, container, lot, product or municipality (CBS code such as GM0150).',
          ),
        );
      else await showTrace(traceResults, id, period, isCurrent);
    } else if (name === 'partner') {
      const stop = await showPartner(pages.partner, isCurrent);
      if (isCurrent()) leavePage = stop;
      else stop();
    } else {
      await showAnomalies(pages.anomalies, isCurrent);
    }
    if (isCurrent()) main.dataset['state'] = 'ready';
  } catch (error) {
    if (!isCurrent()) return;
    // Figures of another period or id under the message would read as this one's.
    const shown = name === 'trace' ? traceResults : pages[/** @type {'overview' | 'anomalies' | 'partner'} */ (name)];
    releaseCharts(shown);
    shown.replaceChildren();
    problem.textContent = error instanceof Error ? error.message : String(error);
    problem.hidden = false;
    main.dataset['state'] = 'error';
  }
}

periodForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(periodForm);
  const { name, params } = route();
  params.set('from', String(data.get('from')));
  params.set('to', String(data.get('to')));
  window.location.hash = hrefOf(name, Object.fromEntries(params));
});

traceForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const { period } = route();
  const id = String(new FormData(traceForm).get('id')).trim();
  window.location.hash = hrefOf('trace', { id, from: period.from, to: period.to });
});

window.addEventListener('hashchange', () => void render());
void render();
