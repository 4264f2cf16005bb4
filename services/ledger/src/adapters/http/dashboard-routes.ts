import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import express, { Router } from 'express';
import { LEDGER_FACT_TYPES } from '../../domain/index.ts';

const dashboardDir = fileURLToPath(new URL('../../../dashboard/', import.meta.url));
// The charting library comes from node_modules as published: no bundler, no copy to keep in step.
const echartsFile = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
// The partner page listens for each of these SSE event names: built from the ledger's own list, so no copy can lag.
const feedEventTypesModule =
  "/** The names the feed gives its events (`event:` of each SSE message): the ledger's fact types. */\n" +
  `export const FEED_EVENT_TYPES = ${JSON.stringify(LEDGER_FACT_TYPES)};\n`;

/**
 * The sustainability officers' dashboard (`/dashboard/`): static pages that read the ledger's own HTTP API from
 * the same origin, so it needs nothing the API does not already give partners. `/` leads there, because the
 * dashboard is what a person opening the ledger's address wants to see.
 */
export function createDashboardRouter(): Router {
  const router = Router();
  // ECharts is most of the page's weight (1.1 MB, a third of that gzipped); compressed once, on first request.
  let gzippedEcharts: Promise<Buffer> | undefined;
  router.get('/', (_req, res) => res.redirect(302, '/dashboard/'));
  // The library only changes with a dependency upgrade, which restarts the service; a day's caching is safe.
  router.get('/dashboard/vendor/echarts.min.js', async (req, res) => {
    res.vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip') !== 'gzip') {
      res.sendFile(echartsFile, { maxAge: '1d' });
      return;
    }
    const compressing = (gzippedEcharts ??= readFile(echartsFile).then((source) => promisify(gzip)(source)));
    // A failure (a full disk, say) is not kept: the next request tries again.
    compressing.catch(() => {
      if (gzippedEcharts === compressing) gzippedEcharts = undefined;
    });
    res
      .set({ 'Cache-Control': 'public, max-age=86400', 'Content-Encoding': 'gzip' })
      .type('js')
      .send(await compressing);
  });
  router.use('/dashboard', (req, res, next) => {
    // The page draws names that come from the chain's events: whatever slips past its escaping may not run script
    // from elsewhere or reach out. Inline styles stay allowed, ECharts' SVG and the UPV bars use them.
    res.set('Content-Security-Policy', contentSecurityPolicy);
    // Only what the browser loads is served, not the folder's tsconfig.json or type declarations.
    if (req.path === '/' || /\.(html|js|css)$/.test(req.path)) next();
    else res.status(404).type('text').send('Not found');
  });
  router.get('/dashboard/feed-event-types.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=0').type('js').send(feedEventTypesModule);
  });
  // The page's own files revalidate on every load (ETag), so an upgrade shows at once. `/dashboard` is redirected
  // to `/dashboard/` by the static handler, so the page's relative links resolve.
  router.use('/dashboard', express.static(dashboardDir, { index: 'index.html', maxAge: 0, fallthrough: true }));
  return router;
}
