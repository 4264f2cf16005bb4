import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedChain, type EmbeddedChain } from '@vezel/cli/embedded';
import { driveSimulation, simulateChain, SIMULATED_STORE_PLACES, type SimulatedChain } from '@vezel/cli/simulator';
import { municipalityOf } from '@vezel/municipalities';
import { eventually, launchHeadlessChromium, startWebhookReceiver, type Browser, type Page } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Where the screenshots go: CI keeps `test-results/` as the run's artifacts. */
const artifacts = fileURLToPath(new URL('../../test-results/dashboard/', import.meta.url));

/**
 * The sustainability officers' dashboard in a real, headless Chromium (Debian's, installed by the set-up when
 * missing) against the embedded chain filled by the simulator: the figures on the page must be the ledger's, to
 * the gram, and they must add up to what the simulator collected.
 */
describe('the dashboard in a browser', () => {
  let dataDir: string;
  let chain: EmbeddedChain;
  let simulated: SimulatedChain;
  let browser: Browser;
  let collected: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-dashboard-'));
    await mkdir(artifacts, { recursive: true });
    // The browser install (first run on a fresh machine) and the chain's start overlap.
    const launching = launchHeadlessChromium();
    launching.catch(() => undefined);
    chain = await startEmbeddedChain({ dataDir, httpPort: 0, grpcPort: 0, storePlaces: SIMULATED_STORE_PLACES });
    simulated = simulateChain({ seed: 5, days: 4, scale: 0.5 });
    collected = [...simulated.collectedGrams.values()].reduce((sum, grams) => sum + grams, 0);
    await driveSimulation(simulated.commands, { urlOf: () => chain.url, apiKey: chain.apiKey });
    await eventually(
      async () => {
        const lag = (await (await fetch(`${chain.url}/v1/ledger/lag`, { headers: operator() })).json()) as Record<
          string,
          number
        >;
        return lag['eventsBehind'] === 0 && lag['derivedPending'] === 0;
      },
      { description: 'the ledger caught up and its figures settled', timeoutMs: 90_000 },
    );
    browser = await launching;
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await chain?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const operator = () => ({ authorization: `Bearer ${chain.apiKey}` });

  /**
   * A page that records every script error and failed request, which a test then expects to be none, logged in as a
   * person is: through the one-time login link `vezel up` prints, which leaves a session cookie in the browser.
   */
  const openPage = async (): Promise<{ page: Page; problems: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await page.goto(chain.loginUrl());
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    return { page, problems };
  };

  it('draws the KPI tiles, the UPV targets and the Sankey diagram from the ledger, to the gram', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${chain.url}/`);
    await page.locator('main[data-state="ready"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    // The simulated chain is in 2026; the page opens on the current year, so ask for 2026 as a user would.
    await page.fill('#period input[name="from"]', '2026-01-01');
    await page.fill('#period input[name="to"]', '2026-12-31');
    await page.click('#period button');
    await page.waitForURL(/#\/overview\?from=2026-01-01&to=2026-12-31$/);
    // The simulator's own tally of what it collected, on the page once the 2026 figures are drawn.
    await page.locator(`[data-kpi="collected"][data-grams="${collected}"]`).waitFor();
    await page.locator('main[data-state="ready"]').waitFor();
    const outcomeTiles = ['reuse', 'recycling', 'upcycling', 'disposal', 'loss', 'stock'];
    const tileGrams = await Promise.all(
      outcomeTiles.map(async (name) => Number(await page.getAttribute(`[data-kpi="${name}"]`, 'data-grams'))),
    );
    expect(tileGrams.reduce((sum, grams) => sum + grams, 0)).toBe(collected);
    expect(tileGrams[0]).toBeGreaterThan(0);
    expect(await page.locator('[data-kpi="collected"] .tile-value').textContent()).toMatch(/^[\d,.]+ (t|kg)$/);

    expect(await page.locator('[data-upv]').count()).toBe(4);
    // A share of the market base when it is loaded, else (as here) of the collected grams, and said so.
    expect(await page.locator('[data-upv="reuse"] .upv-actual').textContent()).toMatch(/^\d+\.\d % of collected$/);

    // ECharts drew the Sankey as SVG: a label for every municipality the simulator collected in, the centres, the
    // fractions and the outcomes.
    const labels = await page.locator('[data-chart="sankey"] svg text').allTextContents();
    // Municipalities by name beside their CBS code, as the ledger's reference list names them.
    const named = [...simulated.collectedGrams.keys()].map((code) => `${municipalityOf(code)?.name ?? '?'} (${code})`);
    expect(named).toContain('Deventer (GM0150)');
    expect(labels).toEqual(expect.arrayContaining([...named, 'CENTRE-DEVENTER', 'reuse.creme', 'Still in stock']));
    // Read back from the chart itself (a string, since this file is not compiled against the DOM).
    const leaving = await page.evaluate<number>(`(() => {
      const chart = echarts.getInstanceByDom(document.querySelector('[data-chart="sankey"]'));
      return chart.getOption().series[0].links
        .filter((link) => link.source.startsWith('municipality:'))
        .reduce((sum, link) => sum + link.value, 0);
    })()`);
    expect(leaving).toBe(collected);
    expect(await page.locator('[data-table="municipalities"] tbody tr').count()).toBe(simulated.collectedGrams.size);
    // Local-for-local per municipality, as the ledger gives it; the simulated stores are all placed.
    const local = (await (
      await fetch(`${chain.url}/v1/ledger/local-for-local?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`, {
        headers: operator(),
      })
    ).json()) as {
      municipalities: { localGrams: number; unplacedStoreGrams: number }[];
    };
    const cells = await page.locator('[data-table="municipalities"] td[data-local-grams]').all();
    const localGrams = (await Promise.all(cells.map((cell) => cell.getAttribute('data-local-grams')))).reduce(
      (sum, grams) => sum + Number(grams),
      0,
    );
    expect(localGrams).toBe(local.municipalities.reduce((sum, row) => sum + row.localGrams, 0));
    expect(localGrams).toBeGreaterThan(0);
    expect(local.municipalities.every((row) => row.unplacedStoreGrams === 0)).toBe(true);
    expect(await page.locator('[data-table="municipalities"] tbody').textContent()).toContain('Deventer (GM0150)');
    // The same, rolled up to provinces: what the provinces collected adds up to the chain's collection.
    const provinceCells = await page.locator('[data-table="provinces"] tbody tr').allTextContents();
    expect(provinceCells.some((row) => row.startsWith('Overijssel'))).toBe(true);
    const provinceLocal = await page.locator('[data-table="provinces"] td[data-local-grams]').all();
    const provinceLocalGrams = (
      await Promise.all(provinceLocal.map((cell) => cell.getAttribute('data-local-grams')))
    ).reduce((sum, grams) => sum + Number(grams), 0);
    // A store in another municipality of the same province is local to the province: never fewer grams.
    expect(provinceLocalGrams).toBeGreaterThanOrEqual(localGrams);
    await page.screenshot({ path: join(artifacts, 'overview.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="upv-csv"]')]);
    expect(download.suggestedFilename()).toBe('upv-2026.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'year,indicator,grams,base_grams,actual_percent,target_percent,placed_on_market_grams,collected_grams,scope,municipality,municipality_name,province',
    );
    expect(csv).toMatch(new RegExp(`^2026,reuse,\\d+,.*,${collected},chain,,,\\r$`, 'm'));
    expect(csv).toMatch(
      new RegExp(
        `^2026,reuse,\\d+,.*,${simulated.collectedGrams.get('GM0150')},municipality,GM0150,Deventer,Overijssel\\r$`,
        'm',
      ),
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('traces a batch forward and backward, and says so when an id is unknown', async () => {
    const { page, problems } = await openPage();
    const batch = simulated.commands.find((command) => command.path === 'batches')!.body as {
      batchId: string;
      grams: number;
    };
    await page.goto(`${chain.url}/dashboard/#/trace?from=2026-01-01&to=2026-12-31`);
    await page.locator('main[data-state="ready"]').waitFor();
    await page.fill('#trace-form input[name="id"]', batch.batchId);
    await page.click('#trace-form button');

    await page.locator('[data-table="forward"]').waitFor();
    expect(gramsOf(await page.locator('[data-table="forward"] tfoot th').nth(1).textContent())).toBe(batch.grams);
    const outcomeGrams = (await page.locator('[data-table="forward"] tbody td:nth-child(2)').allTextContents()).map(
      gramsOf,
    );
    expect(outcomeGrams.reduce((sum, grams) => sum + grams, 0)).toBe(batch.grams);
    expect(await page.locator('[data-table="backward"] tbody tr').allTextContents()).toEqual([
      expect.stringContaining(batch.batchId),
    ]);
    expect(await page.locator('[data-table="history"] tbody').textContent()).toContain('BatchCollected');
    await page.locator('[data-chart="forward"] svg path').first().waitFor();
    expect(new URL(page.url()).hash).toBe(`#/trace?id=${batch.batchId}&from=2026-01-01&to=2026-12-31`);
    await page.screenshot({ path: join(artifacts, 'trace.png'), fullPage: true });
    expect(problems).toEqual([]);

    // The page asks for a node first; the browser logs that 404 as a console error, which is the expected answer.
    await page.fill('#trace-form input[name="id"]', 'NO-SUCH-LOT');
    await page.click('#trace-form button');
    expect(await page.locator('[data-state="unknown-id"]').textContent()).toContain('NO-SUCH-LOT');
    await page.close();
  });

  it('shows the feed live, newest first, and the webhooks’ health on the partner page', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const api = (path: string, body?: unknown) =>
        fetch(`${chain.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { ...operator(), 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const registered = (await (
        await api('/v1/ledger/webhooks', { url: receiver.url, types: 'ContainerRegistered' })
      ).json()) as {
        id: string;
      };
      const { page, problems } = await openPage();
      await page.goto(`${chain.url}/dashboard/#/partner`);
      await page.locator('main[data-state="ready"]').waitFor();
      await page.locator('[data-feed="live"]').waitFor();
      // The newest fifty events, newest first: the first row is the feed's last event.
      const newest = await (
        await fetch(`${chain.url}/v1/ledger/feeds/events?latest=1&follow=false`, { headers: operator() })
      ).text();
      const end = /^id: (\d+)$/m.exec(newest)![1]!;
      await eventually(
        async () => ((await page.locator('[data-table="feed"] tbody tr').count()) === 50 ? true : undefined),
        {
          description: 'fifty events on the page',
        },
      );
      expect(await page.locator('[data-table="feed"] tbody tr').first().getAttribute('data-position')).toBe(end);
      expect(await page.locator(`[data-webhook="${registered.id}"]`).textContent()).toContain('active');

      // A new fact shows at the top while the page is open, and reaches the webhook.
      const answer = await api('/v1/collection/containers', {
        containerId: 'CONT-PARTNER-PAGE',
        municipality: 'GM0150',
        channel: 'street-container',
      });
      expect(answer.status).toBe(201);
      await page.locator('[data-table="feed"] tbody tr').first().filter({ hasText: 'CONT-PARTNER-PAGE' }).waitFor();
      await eventually(
        () => (receiver.received.some((request) => request.body.includes('CONT-PARTNER-PAGE')) ? true : undefined),
        {
          description: 'the webhook delivered the new container',
        },
      );
      await page.reload();
      await page.locator('main[data-state="ready"]').waitFor();
      const row = page.locator(`[data-webhook="${registered.id}"] td`);
      expect(Number(await row.nth(3).textContent())).toBeGreaterThan(0);
      await page.screenshot({ path: join(artifacts, 'partner.png'), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await receiver.close();
    }
  });

  it('shows the ledger refusal in words, with the field, when the period is impossible', async () => {
    const { page } = await openPage();
    await page.goto(`${chain.url}/dashboard/#/overview?from=2026-03-01&to=2026-01-01`);
    await page.locator('main[data-state="error"]').waitFor();
    expect(await page.locator('#problem').textContent()).toMatch(/^to: /);
    await page.close();
  });
});

/** `1,234.567 kg` (the page's exact figure) as grams. */
function gramsOf(text: string | null): number {
  const match = /^([\d,]+)(?:\.(\d{1,3}))? kg$/.exec(text ?? '');
  if (match === null) throw new Error(`not a kilogram figure: ${JSON.stringify(text)}`);
  return Number(match[1]!.replaceAll(',', '')) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}
