/**
 * Every chart on the page is drawn here, so a view can release its charts before it is redrawn: ECharts keeps each
 * instance in a global table until it is disposed, and a resize observer would keep the element alive.
 */

const resizes = new ResizeObserver((entries) => {
  for (const entry of entries) echarts.getInstanceByDom(/** @type {HTMLElement} */ (entry.target))?.resize();
});

/**
 * Draws `option` into `element` (SVG, so labels are text a test or screen reader can read) and keeps it sized.
 * @param {HTMLElement} element
 * @param {import('echarts').EChartsOption} option
 */
export function drawChart(element, option) {
  const chart = echarts.init(element, undefined, { renderer: 'svg' });
  chart.setOption(option);
  resizes.observe(element);
}

/**
 * Disposes of every chart drawn inside `container`.
 * @param {HTMLElement} container
 */
export function releaseCharts(container) {
  for (const element of container.querySelectorAll('[data-chart]')) {
    resizes.unobserve(element);
    echarts.getInstanceByDom(/** @type {HTMLElement} */ (element))?.dispose();
  }
}
