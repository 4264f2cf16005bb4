// index.html loads ECharts as a classic script (the published minified build), which defines this global.
import type * as ECharts from 'echarts';

declare global {
  const echarts: typeof ECharts;
}
