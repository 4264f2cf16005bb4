import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPgDb, type Db } from '@vezel/db';
import { startServiceModule, type RunningServiceModule } from '@vezel/service-kit';
import { createTestDatabase, eventually, runScriptToEnd } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_DATA, readReferenceDataFile } from '../src/adapters/reference-data-file.ts';
import { createLedgerModule, type LedgerModule } from '../src/module.ts';
import { batchCollected, containerRegistered } from './domain/ledger-fixtures.ts';
import { scenarioFacts, b1ForwardOutcomesByHand } from './domain/two-municipalities-scenario.ts';
import { ledgerModuleDependencies } from './support/ledger-module-dependencies.ts';
import { rebuildCli } from './support/ledger-processes.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * The ledger module served over HTTP (in process, real Kafka and PostgreSQL): the hand-computed scenario
 * (test/domain/two-municipalities-scenario.ts) published as the chain services would, consumed, refreshed, and
 * read back through the `/v1/ledger/` API of docs/domain.md, to the gram.
 */

/*
 * Three batches in Apeldoorn (GM0200) around the night Dutch clocks went forward in 2025 (Sunday 30 March,
 * 02:00 CET -> 03:00 CEST), in 2025 so the 2026 scenario's figures stay as they are. As Amsterdam days:
 *   B-DST-1  2025-03-29T23:30Z = 30 March 00:30 CET   -> 30 March
 *   B-DST-3  2025-03-30T21:30Z = 30 March 23:30 CEST  -> 30 March
 *   B-DST-2  2025-03-30T22:30Z = 31 March 00:30 CEST  -> 31 March
 * Read as UTC days, 30 March would hold B-DST-3 and B-DST-2 instead: the test tells the two apart.
 */
const daylightSavingFacts = [
  containerRegistered('C-APD-1', 'GM0200', '2025-01-01T00:00:00Z'),
  batchCollected({
    batchId: 'B-DST-1',
    containerId: 'C-APD-1',
    municipality: 'GM0200',
    grams: 100,
    at: '2025-03-29T23:30:00Z',
  }),
  batchCollected({
    batchId: 'B-DST-2',
    containerId: 'C-APD-1',
    municipality: 'GM0200',
    grams: 20,
    at: '2025-03-30T22:30:00Z',
  }),
  batchCollected({
    batchId: 'B-DST-3',
    containerId: 'C-APD-1',
    municipality: 'GM0200',
    grams: 3,
    at: '2025-03-30T21:30:00Z',
  }),
];

let chain: LedgerUnderTest;
let db: Db;
let module: LedgerModule;
let served: RunningServiceModule;
let base: string;

beforeAll(async () => {
  chain = await aLedgerUnderTest('ledger-http');
  const databaseUrl = await createTestDatabase('ledger-http-module');
  db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  module = await createLedgerModule(ledgerModuleDependencies(databaseUrl, db, chain.eventLog), {
    topics: chain.topics,
    groupId: `ledger-http-${Date.now()}`,
    referenceData: {
      ...(await readReferenceDataFile(DEFAULT_REFERENCE_DATA)),
      storePlaces: [{ storeId: 'ST-DEV', municipality: 'GM0150' }],
    },
  });
  served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
  base = `http://127.0.0.1:${served.http.port}/v1/ledger`;
  await chain.publishFacts([...scenarioFacts, ...daylightSavingFacts]);
  await eventually(
    async () => {
      const lag = (await getJson('/lag')) as { eventsBehind: number; derivedPending: number };
      return lag.eventsBehind === 0 && lag.derivedPending === 0;
    },
    { description: 'ledger caught up and figures settled', timeoutMs: 60_000 },
  );
}, 120_000);

afterAll(async () => {
  await served?.stop();
  await db?.close();
  await chain?.close();
});

async function get(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${base}${path}`, init);
}

async function getJson(path: string): Promise<unknown> {
  const response = await get(path);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function outcomes(trace: unknown): Record<string, number> {
  return Object.fromEntries(
    (trace as { outcomes: { outcome: string; grams: number }[] }).outcomes.map((o) => [o.outcome, o.grams]),
  );
}

describe('the ledger HTTP API', () => {
  it('computed those figures on the figure thread, over connections of its own', async () => {
    const { rows } = await db.query<{ count: bigint }>(
      `select count(*) as count from pg_stat_activity
        where datname = current_database() and application_name = 'vezel-ledger-figures'`,
    );
    expect(Number(rows[0]!.count)).toBeGreaterThan(0);
  });

  it('traces a batch forward to the gram, as computed by hand', async () => {
    const trace = (await getJson('/trace/forward?node=B1')) as Record<string, unknown>;
    expect(trace).toMatchObject({ source: { node: 'B1' }, grams: 30_000, custodyModel: 'mass-balance' });
    expect(outcomes(trace)).toEqual(b1ForwardOutcomesByHand);
    expect(trace['stock']).toEqual([
      { nodeId: 'L-CREME', holder: { kind: 'centre', id: 'DEV' }, grams: 3_030 },
      { nodeId: 'L-CREME', holder: { kind: 'store', id: 'ST-DEV' }, grams: 606 },
    ]);
  });

  it('answers a municipality from the maintained per-batch figures, with and without a period', async () => {
    const year = (await getJson('/trace/forward?municipality=GM0150')) as { grams: number; stock: unknown[] };
    expect(year.grams).toBe(35_000);
    expect(outcomes(year)).toMatchObject({ 'reuse.sold': 5_455, loss: 2_242, stock: 3_636 + 5_000 });
    expect(year.stock).toContainEqual({
      nodeId: 'B3',
      holder: { kind: 'in-transit', id: 'S-3', to: { kind: 'centre', id: 'DEV' } },
      grams: 4_000,
    });
    const january = await getJson(
      '/trace/forward?municipality=GM0150&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
    );
    expect(outcomes(january)).toEqual(outcomes(await getJson('/trace/forward?node=B1')));
    expect(january).toMatchObject({
      source: { municipality: 'GM0150', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
    });
    expect(await getJson('/trace/forward?container=C-DEV-1&from=2026-02-01T00:00:00%2B01:00')).toMatchObject({
      grams: 5_000,
    });
  });

  it('traces a lot back to both municipalities in the pool proportion', async () => {
    expect(await getJson('/trace/backward?node=L-CREME')).toEqual({
      node: 'L-CREME',
      grams: 20_000,
      custodyModel: 'mass-balance',
      origins: [
        { batchId: 'B1', containerId: 'C-DEV-1', municipality: 'GM0150', grams: 12_121 },
        { batchId: 'B2', containerId: 'C-ZWO-1', municipality: 'GM0193', grams: 7_879 },
      ],
      byMunicipality: [
        { municipality: 'GM0150', grams: 12_121 },
        { municipality: 'GM0193', grams: 7_879 },
      ],
    });
  });

  it('describes a node: what it is, who holds it, its history', async () => {
    const node = (await getJson('/nodes/L-CREME')) as {
      node: object;
      holders: unknown[];
      history: { type: string; event: object }[];
    };
    expect(node.node).toMatchObject({
      kind: 'lot',
      nodeId: 'L-CREME',
      grams: 20_000,
      fraction: 'reuse.creme',
      centreId: 'DEV',
    });
    expect(node.holders).toEqual([
      { holder: { kind: 'centre', id: 'DEV' }, grams: 5_000 },
      { holder: { kind: 'store', id: 'ST-DEV' }, grams: 1_000 },
    ]);
    expect(node.history[0]).toMatchObject({ type: 'SortingRunCompleted', event: { runId: 'RUN-1' } });
  });

  it('reports KPIs with CO2e from the configured, sourced factor table', async () => {
    const kpis = (await getJson(
      '/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&municipality=GM0150',
    )) as Record<string, unknown>;
    expect(kpis).toMatchObject({
      collectedGrams: 35_000,
      reuseNetherlandsGrams: 5_455 + 1_091,
      reuseAbroadGrams: 6_061,
      emissionFactors: { version: '2026-01' },
      scope: { kind: 'municipality', municipality: 'GM0150' },
    });
    // -3.4 g CO2e per g reused: 5 455 x -3.4 = -18 547, 1 091 x -3.4 = -3 709.4, 6 061 x -3.4 = -20 607.4
    expect(kpis['emissions']).toEqual([
      { outcome: 'reuse.sold', grams: 5_455, kgCo2ePerKg: '-3.4', co2eGrams: -18_547 },
      { outcome: 'reuse.donated', grams: 1_091, kgCo2ePerKg: '-3.4', co2eGrams: -3_709 },
      { outcome: 'reuse.exported', grams: 6_061, kgCo2ePerKg: '-3.4', co2eGrams: -20_607 },
    ]);
    expect(kpis['co2eGrams']).toBe(-18_547 - 3_709 - 20_607);
    const centre = (await getJson('/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&centre=DEV')) as {
      collectedGrams: number;
    };
    expect(centre.collectedGrams).toBe(50_000);
  });

  it('gives the UPV report as JSON and as CSV', async () => {
    const report = (await getJson('/reports/upv?year=2026')) as {
      collectedGrams: number;
      figures: { indicator: string; grams: number }[];
    };
    expect(report.collectedGrams).toBe(55_000);
    expect(report.figures.map((figure) => figure.indicator)).toEqual([
      'reuse-or-recycling',
      'reuse',
      'reuse-netherlands',
      'fibre-to-fibre',
    ]);
    expect(report.figures[0]).toMatchObject({ targetPercent: 50 });
    const csv = await get('/reports/upv?year=2026', { headers: { Accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'year,indicator,grams,base_grams,actual_percent,target_percent,placed_on_market_grams,collected_grams,scope,municipality,municipality_name,province',
    );
    // Four lines for the chain, then four for each municipality of collection, named beside its code.
    expect(lines).toHaveLength(1 + 4 + 2 * 4);
    expect(lines[4]!.split(',')).toEqual([
      '2026',
      'fibre-to-fibre',
      String(report.figures[3]!.grams),
      expect.any(String),
      expect.any(String),
      '25',
      '',
      '55000',
      'chain',
      '',
      '',
      '',
    ]);
    // Per municipality the indicator's own grams, no national base or target, and its own collected grams.
    const parts = (report as unknown as { byMunicipality: { figures: { grams: number; baseGrams?: number }[] }[] })
      .byMunicipality;
    const expected = ['GM0150,Deventer,Overijssel,35000', 'GM0193,Zwolle,Overijssel,20000'].flatMap((place, index) =>
      report.figures.map((figure, at): unknown[] => {
        const [code, name, province, collected] = place.split(',');
        const own = parts[index]!.figures[at]!;
        const base = own.baseGrams === undefined ? '' : String(own.baseGrams);
        return [
          '2026',
          figure.indicator,
          String(own.grams),
          base,
          expect.any(String) as unknown,
          '',
          '',
          collected,
          'municipality',
          code,
          name,
          province,
        ];
      }),
    );
    expect(lines.slice(5).map((line) => line.split(','))).toEqual(expected);
  });

  it('splits the UPV report by municipality, the parts adding up to the chain to the gram', async () => {
    type Figures = { indicator: string; grams: number }[];
    const report = (await getJson('/reports/upv?year=2026')) as {
      figures: Figures;
      byMunicipality: {
        municipality: string;
        municipalityName: string;
        province: string;
        collectedGrams: number;
        figures: Figures;
      }[];
    };
    expect(
      report.byMunicipality.map(({ municipality, municipalityName, province, collectedGrams }) => [
        municipality,
        municipalityName,
        province,
        collectedGrams,
      ]),
    ).toEqual([
      ['GM0150', 'Deventer', 'Overijssel', 35_000],
      ['GM0193', 'Zwolle', 'Overijssel', 20_000],
    ]);
    for (const [index, figure] of report.figures.entries()) {
      expect(report.byMunicipality.reduce((sum, part) => sum + part.figures[index]!.grams, 0)).toBe(figure.grams);
    }
    // Deventer's reuse, as the flows worked out by hand for B1 give it (B3 has reached no outcome): sold, donated, exported.
    expect(report.byMunicipality[0]!.figures.find((figure) => figure.indicator === 'reuse')!.grams).toBe(
      5_455 + 1_091 + 6_061,
    );
  });

  it('gives the UPV report as CSV on format=csv, for a plain download link, and refuses another format by name', async () => {
    const csv = await get('/reports/upv?year=2026&format=csv', { headers: { Accept: 'text/html,*/*;q=0.8' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename=upv-2026.csv');
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'year,indicator,grams,base_grams,actual_percent,target_percent,placed_on_market_grams,collected_grams,scope,municipality,municipality_name,province',
    );
    const json = await get('/reports/upv?year=2026&format=json', { headers: { Accept: 'text/csv' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const refused = await get('/reports/upv?year=2026&format=xml');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ field: 'format', detail: 'must be csv or json, got "xml"' });
  });

  it('lists no anomaly for a consistent chain, and reports lag per partition', async () => {
    expect(await getJson('/anomalies')).toEqual({ anomalies: [] });
    const lag = (await getJson('/lag')) as { topics: { topic: string; eventsBehind: number }[] };
    expect(new Set(lag.topics.map((partition) => partition.topic))).toEqual(new Set(chain.topics));
    expect(lag.topics.every((partition) => partition.eventsBehind === 0)).toBe(true);
    expect(lag).toMatchObject({ eventsBehind: 0, derivedPending: 0, lookupsPending: 0, batchesPending: 0 });
  });

  it('answers bad queries with problem+json naming the parameter', async () => {
    const cases: [string, string, number][] = [
      ['/trace/forward', 'node', 400],
      ['/trace/forward?node=B1&municipality=GM0150', 'container', 400],
      ['/trace/forward?node=B1&from=2026-01-01T00:00:00Z', 'from', 400],
      ['/trace/forward?municipality=GM0150&from=yesterday', 'from', 400],
      ['/trace/forward?municipality=Amsterdam', 'municipality', 400],
      ['/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&municipality=GM150', 'municipality', 400],
      ['/trace/forward?municipality=GM0150&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to', 400],
      ['/trace/forward?municipalty=GM0150', 'municipalty', 400],
      ['/trace/forward?node=B1&node=B2', 'node', 400],
      ['/trace/forward?node=NOPE', 'node', 404],
      ['/trace/backward?node=', 'node', 400],
      ['/kpis?from=2026-01-01T00:00:00Z', 'to', 400],
      ['/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&municipality=GM0150&centre=DEV', 'centre', 400],
      ['/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&factors=1999-01', 'factors', 404],
      ['/reports/upv?year=26', 'year', 400],
      ['/nodes/NOPE', 'nodeId', 404],
      ['/trace/forward?municipality=GM9999', 'municipality', 400],
      ['/kpis?from=2026-01-01&to=2027-01-01&municipality=GM0000', 'municipality', 400],
      ['/kpis?from=2026-02-30&to=2027-01-01', 'from', 400],
      ['/kpis?from=2026-01-01&to=2026-1-2', 'to', 400],
      ['/kpis?from=2026-01-02&to=2026-01-01', 'to', 400],
      ['/local-for-local?from=2026-01-01&to=2027-01-01&region=country', 'region', 400],
      ['/municipalities?province=Utrecht', 'province', 400],
      ['/anomalies?limit=0', 'limit', 400],
      ['/anomalies?limit=1001', 'limit', 400],
      ['/anomalies?pageToken=bm90IGEgdG9rZW4', 'pageToken', 400],
      ['/anomalies?page=2', 'page', 400],
      ['/nodes/B1?historyLimit=0', 'historyLimit', 400],
      ['/nodes/B1?historyPageToken=bm9wZQ', 'historyPageToken', 400],
    ];
    for (const [path, field, status] of cases) {
      const response = await get(path);
      const type = response.headers.get('content-type') ?? '';
      expect({ path, status: response.status, problem: type.startsWith('application/problem+json') }).toEqual({
        path,
        status,
        problem: true,
      });
      expect({ path, field: ((await response.json()) as { field?: string }).field }).toEqual({ path, field });
    }
  });

  it("gives the flows by municipality, centre, fraction and outcome, adding up to the KPIs and each municipality's trace", async () => {
    const period = 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
    type Flows = {
      flows: { municipality: string; centreId?: string; fraction?: string; outcome: string; grams: number }[];
    };
    const { flows } = (await getJson(`/flows?${period}`)) as Flows;
    const kpis = (await getJson(`/kpis?${period}`)) as { collectedGrams: number };
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((flow) => flow.grams > 0)).toBe(true);
    expect(flows.reduce((sum, flow) => sum + flow.grams, 0)).toBe(kpis.collectedGrams);
    for (const municipality of new Set(flows.map((flow) => flow.municipality))) {
      const trace = (await getJson(`/trace/forward?municipality=${municipality}&${period}`)) as Record<string, unknown>;
      const byOutcome = new Map<string, number>();
      for (const flow of flows.filter((candidate) => candidate.municipality === municipality)) {
        byOutcome.set(flow.outcome, (byOutcome.get(flow.outcome) ?? 0) + flow.grams);
      }
      expect(Object.fromEntries(byOutcome)).toEqual(
        Object.fromEntries(Object.entries(outcomes(trace)).filter(([, grams]) => grams > 0)),
      );
    }
    // Deventer in January is B1 alone: its split by fraction as worked out by hand (fraction-outcomes.unit.spec.ts).
    const january = (await getJson('/flows?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z')) as Flows;
    expect(january.flows.filter((flow) => flow.municipality === 'GM0150')).toEqual([
      { municipality: 'GM0150', centreId: 'DEV', outcome: 'loss', grams: 1_515 },
      {
        municipality: 'GM0150',
        centreId: 'DEV',
        fraction: 'recycling.wipers',
        outcome: 'disposal.landfill',
        grams: 606,
      },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'recycling.wipers', outcome: 'loss', grams: 476 },
      {
        municipality: 'GM0150',
        centreId: 'DEV',
        fraction: 'recycling.wipers',
        outcome: 'recycling.fibre-to-fibre',
        grams: 2_857,
      },
      {
        municipality: 'GM0150',
        centreId: 'DEV',
        fraction: 'recycling.wipers',
        outcome: 'recycling.open-loop',
        grams: 3_334,
      },
      {
        municipality: 'GM0150',
        centreId: 'DEV',
        fraction: 'residual.textile',
        outcome: 'disposal.energy-recovery',
        grams: 3_030,
      },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'loss', grams: 251 },
      {
        municipality: 'GM0150',
        centreId: 'DEV',
        fraction: 'reuse.creme',
        outcome: 'recycling.fibre-to-fibre',
        grams: 779,
      },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'recycling.open-loop', grams: 909 },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'reuse.donated', grams: 1_091 },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'reuse.sold', grams: 5_455 },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'stock', grams: 3_636 },
      { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.export', outcome: 'reuse.exported', grams: 6_061 },
    ]);
    const unplaced = await get('/local-for-local?from=2026-01-01T00:00:00Z');
    expect(unplaced.status).toBe(400);
    const bad = await get('/flows?from=2026-01-01T00:00:00Z');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field?: string }).field).toBe('to');
  });

  it('gives local-for-local per municipality: grams reused in a store of the municipality they were collected in', async () => {
    // ST-DEV is placed in GM0150 (Deventer). B1 (Deventer, 30,000 g) was sold (5,455) and donated (1,091) there;
    // B2 (Zwolle, GM0193) reached the same store, which is not local for Zwolle: 9,000 + 1,800 - B1's share.
    // B3 (Deventer, February, 5,000 g) has reached no store.
    const { municipalities } = (await getJson(
      '/local-for-local?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    )) as {
      municipalities: unknown[];
    };
    expect(municipalities).toEqual([
      {
        municipality: 'GM0150',
        municipalityName: 'Deventer',
        province: 'Overijssel',
        collectedGrams: 35_000,
        reusedInStoresGrams: 6_546,
        localGrams: 6_546,
        unplacedStoreGrams: 0,
      },
      {
        municipality: 'GM0193',
        municipalityName: 'Zwolle',
        province: 'Overijssel',
        collectedGrams: 20_000,
        reusedInStoresGrams: 9_000 + 1_800 - 6_546,
        localGrams: 0,
        unplacedStoreGrams: 0,
      },
    ]);
  });

  it('refuses a well-formed code that is no municipality in words, not with an empty trace', async () => {
    const response = await get('/trace/forward?municipality=GM9999');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      field: 'municipality',
      detail: 'must be the code of a Dutch municipality (CBS classification of 2025), got "GM9999"',
    });
  });

  it('takes calendar dates as days in the chain’s time zone, across the night the clocks go forward', async () => {
    const collectedOn = async (from: string, to: string): Promise<number> =>
      ((await getJson(`/kpis?from=${from}&to=${to}&municipality=GM0200`)) as { collectedGrams: number }).collectedGrams;
    expect(await collectedOn('2025-03-30', '2025-03-31')).toBe(100 + 3);
    expect(await collectedOn('2025-03-31', '2025-04-01')).toBe(20);
    // The same day written as instants: 30 March began at 00:00 CET and ended at 00:00 CEST, 23 hours later.
    expect(await collectedOn('2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z')).toBe(100 + 3);
    expect(await collectedOn('2025-03-30T00:00:00%2B01:00', '2025-03-31T00:00:00%2B02:00')).toBe(100 + 3);
    // UTC days would have put B-DST-2 on the 30th.
    expect(await collectedOn('2025-03-30T00:00:00Z', '2025-03-31T00:00:00Z')).toBe(20 + 3);
    // Echoed as the instants they stand for, and the same on every period parameter.
    expect(await getJson('/kpis?from=2025-03-30&to=2025-03-31')).toMatchObject({
      from: '2025-03-29T23:00:00.000Z',
      to: '2025-03-30T22:00:00.000Z',
    });
    expect(await getJson('/trace/forward?municipality=GM0200&from=2025-03-30&to=2025-03-31')).toMatchObject({
      grams: 103,
    });
    expect(await getJson('/trace/forward?container=C-APD-1&from=2025-03-31')).toMatchObject({ grams: 20 });
    const flows = (await getJson('/flows?from=2025-03-31&to=2025-04-01')) as { flows: { grams: number }[] };
    expect(flows.flows.reduce((sum, flow) => sum + flow.grams, 0)).toBe(20);
    const local = (await getJson('/local-for-local?from=2025-03-30&to=2025-03-31')) as {
      municipalities: { collectedGrams: number }[];
    };
    expect(local.municipalities).toEqual([expect.objectContaining({ municipality: 'GM0200', collectedGrams: 103 })]);
    // The whole year, as people write it: 2026 as the chain lives it holds the scenario, 2025 the three batches.
    expect(await getJson('/kpis?from=2026-01-01&to=2027-01-01')).toMatchObject({ collectedGrams: 55_000 });
    expect(await getJson('/kpis?from=2025-01-01&to=2026-01-01')).toMatchObject({ collectedGrams: 123 });
  });

  it('rolls local-for-local up to the province: a store in another municipality of it is local to the province', async () => {
    // ST-DEV is in Deventer; Zwolle's grams sold there are not local to Zwolle, but both are in Overijssel.
    const { region, provinces } = (await getJson('/local-for-local?from=2026-01-01&to=2027-01-01&region=province')) as {
      region: string;
      provinces: unknown[];
    };
    expect(region).toBe('province');
    expect(provinces).toEqual([
      {
        province: 'Overijssel',
        collectedGrams: 55_000,
        reusedInStoresGrams: 10_800,
        localGrams: 10_800,
        unplacedStoreGrams: 0,
      },
    ]);
    const byMunicipality = (await getJson('/local-for-local?from=2026-01-01&to=2027-01-01&region=municipality')) as {
      municipalities: { municipality: string; municipalityName: string; province: string }[];
    };
    expect(byMunicipality.municipalities.map((row) => [row.municipality, row.municipalityName, row.province])).toEqual([
      ['GM0150', 'Deventer', 'Overijssel'],
      ['GM0193', 'Zwolle', 'Overijssel'],
    ]);
  });

  it('lists the CBS municipalities it checks codes against, with their provinces', async () => {
    const list = (await getJson('/municipalities')) as {
      classificationYear: number;
      provinces: string[];
      municipalities: { code: string; name: string; province: string }[];
    };
    expect(list.classificationYear).toBe(2025);
    expect(list.municipalities).toHaveLength(342);
    expect(list.provinces).toHaveLength(12);
    expect(list.municipalities).toContainEqual({ code: 'GM0150', name: 'Deventer', province: 'Overijssel' });
  });

  it('serves its OpenAPI document', async () => {
    const document = (await getJson('/openapi.json')) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/ledger/trace/forward',
        '/v1/ledger/kpis',
        '/v1/ledger/flows',
        '/v1/ledger/local-for-local',
        '/v1/ledger/municipalities',
      ]),
    );
  });
});

const runRebuildCli = (args: readonly string[]) => runScriptToEnd(rebuildCli, args);

describe('the rebuild command', () => {
  it('rebuilds from the log with progress to the same figures, and says so', async () => {
    const flowsPath = '/flows?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
    const before = await getJson('/trace/forward?node=B1');
    const flowsBefore = await getJson(flowsPath);
    // Store places are reference data, not in the log: the rebuild must carry them over.
    const localPath = '/local-for-local?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
    const localBefore = await getJson(localPath);
    const origin = `http://127.0.0.1:${served.http.port}`;
    const run = await runRebuildCli(['--url', origin]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    // Not a terminal: one line per phase, then the summary.
    expect(run.stdout).toMatch(/^replay +\[[#-]+\] +\d+%/m);
    expect(run.stdout).toMatch(/^rebuild done: \d+ events in \d+:\d\d/m);
    expect(await getJson('/trace/forward?node=B1')).toEqual(before);
    expect(await getJson(flowsPath)).toEqual(flowsBefore);
    expect(await getJson(localPath)).toEqual(localBefore);
    const status = await runRebuildCli(['--url', origin, '--status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^rebuild done: /);
  });

  it('names what is wrong when it cannot ask the ledger', async () => {
    const down = await runRebuildCli(['--url', 'http://127.0.0.1:1']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('cannot reach the ledger at http://127.0.0.1:1');
    const badFlag = await runRebuildCli(['--urll', 'x']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--urll'");
    for (const url of ['not a url', 'localhost:8080']) {
      const badUrl = await runRebuildCli(['--url', url]);
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toContain(`--url must be an http(s) address such as http://127.0.0.1:8080, got "${url}"`);
    }
  });
  it('stops following, saying so, when the ledger it asks no longer knows of the rebuild', async () => {
    // A ledger restarted between two polls answers idle; a loopback server plays that restart, which a real one
    // cannot be timed to.
    const restarted = createServer((req, res) => {
      res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ state: req.method === 'POST' ? 'running' : 'idle', appliedEvents: 0, totalEvents: 0 }));
    });
    await new Promise<void>((resolve) => restarted.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(restarted.address() as AddressInfo).port}`;
      const run = await runRebuildCli(['--url', origin]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`the ledger at ${origin} no longer knows of the rebuild (did it restart?)`);
    } finally {
      restarted.closeAllConnections();
      await new Promise((resolve) => restarted.close(resolve));
    }
  });
});

describe('the dashboard', () => {
  it('is where / leads, with its charting library served from node_modules', async () => {
    const root = base.replace(/\/v1\/ledger$/, '');
    const home = await fetch(`${root}/`, { redirect: 'manual' });
    expect([home.status, home.headers.get('location')]).toEqual([302, '/dashboard/']);
    // Without the slash the page's relative links would miss; the static handler adds it.
    const bare = await fetch(`${root}/dashboard`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/dashboard/']);
    const page = await fetch(`${root}/dashboard/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="module" src="app.js"></script>');
    const app = await fetch(`${root}/dashboard/app.js`);
    expect([app.status, app.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const library = await fetch(`${root}/dashboard/vendor/echarts.min.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(library.status).toBe(200);
    expect(library.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(library.headers.get('content-encoding')).toBe('gzip');
    const source = await library.text();
    expect(source.length).toBeGreaterThan(500_000);
    const plain = await fetch(`${root}/dashboard/vendor/echarts.min.js`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(source);
    expect((await fetch(`${root}/dashboard/no-such-file.js`)).status).toBe(404);
    // Only what a browser loads: not the folder's type-checking files.
    expect((await fetch(`${root}/dashboard/tsconfig.json`)).status).toBe(404);
    expect((await fetch(`${root}/dashboard/echarts-global.d.ts`)).status).toBe(404);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
