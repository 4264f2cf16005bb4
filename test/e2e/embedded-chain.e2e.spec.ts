import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedChain, type EmbeddedChain } from '@vezel/cli/embedded';
import { fileURLToPath } from 'node:url';
import { eventually, runToEnd } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchForwardByHand,
  driveCircularChainScenario,
  postExpectingCreated,
  type CircularChainIds,
} from '../support/circular-chain-scenario.ts';

/**
 * The embedded single-process chain (`vezel up`): five services on one port, PGlite databases, the PostgreSQL
 * event log, no server of any kind. The hand-computed scenario goes in through the services' HTTP APIs and the
 * ledger's traces must come out to the gram, also after a restart on the same data directory.
 */
describe('the embedded chain (vezel up)', () => {
  let dataDir: string;
  let chain: EmbeddedChain | undefined;
  let ids: CircularChainIds;

  const start = async (): Promise<EmbeddedChain> => {
    chain = await startEmbeddedChain({ dataDir, httpPort: 0, grpcPort: 0 });
    return chain;
  };

  async function getJson(path: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${chain!.url}${path}`, { headers: { authorization: `Bearer ${chain!.apiKey}` } });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  const settled = () =>
    eventually(
      async () => {
        const lag = await getJson('/v1/ledger/lag');
        return lag['eventsBehind'] === 0 && lag['derivedPending'] === 0 ? lag : undefined;
      },
      { description: 'the ledger caught up and its figures settled', timeoutMs: 60_000 },
    );

  const outcomesOf = (trace: Record<string, unknown>): Record<string, number> =>
    Object.fromEntries(
      (trace['outcomes'] as { outcome: string; grams: number }[])
        .filter((line) => line.grams > 0)
        .map((line) => [line.outcome, line.grams]),
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-embedded-'));
    await start();
  }, 120_000);
  afterAll(async () => {
    await chain?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is safe by default: without the operator’s key nothing is recorded, read or rebuilt', async () => {
    const body = JSON.stringify({ containerId: 'C-NOKEY', municipality: 'GM0150', channel: 'street-container' });
    const anonymous = await fetch(`${chain!.url}/v1/collection/containers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${chain!.url}/v1/ledger/lag`)).status).toBe(401);
    expect((await fetch(`${chain!.url}/v1/ledger/rebuild`, { method: 'POST' })).status).toBe(401);
    // A login link gives a browser a session that reads, and only reads: a state change never counts a cookie.
    const login = await fetch(chain!.loginUrl(), { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^vezel_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0]!;
    expect((await fetch(`${chain!.url}/v1/ledger/lag`, { headers: { cookie: session } })).status).toBe(200);
    const forged = await fetch(`${chain!.url}/v1/collection/containers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session },
      body,
    });
    expect(forged.status).toBe(401);
    const replayed = await fetch(new URL(login.url).href, { redirect: 'manual' });
    expect(replayed.status).toBe(401);
  });

  it('serves every API from one port and traces the chain to the gram', async () => {
    ids = await driveCircularChainScenario(
      postExpectingCreated(
        () => chain!.url,
        () => chain!.apiKey,
      ),
      (name) => `${name}-E`,
    );
    await settled();

    const forward = await getJson(`/v1/ledger/trace/forward?node=${ids.batch}`);
    expect(forward['grams']).toBe(500_000);
    expect(outcomesOf(forward)).toEqual(batchForwardByHand);

    const municipality = await getJson(
      '/v1/ledger/trace/forward?municipality=GM0150&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    );
    expect(outcomesOf(municipality)).toEqual(batchForwardByHand);

    const backward = await getJson(`/v1/ledger/trace/backward?node=${ids.toteBags}`);
    expect(backward).toMatchObject({ grams: 5_000 });
    expect(JSON.stringify(backward)).toContain(ids.batch);
    expect((await getJson('/v1/ledger/anomalies'))['anomalies']).toEqual([]);
  }, 120_000);

  it('keeps its data across a restart on the same directory', async () => {
    const before = await getJson(`/v1/ledger/trace/forward?node=${ids.batch}`);
    const keyBefore = chain!.apiKey;
    await chain!.stop();
    await start();
    // The operator's key is kept with the data, readable by its owner only, and still works.
    expect(chain!.apiKey).toBe(keyBefore);
    expect((await stat(chain!.keyFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(chain!.keyFile, 'utf8')).trim()).toBe(keyBefore);
    // A lost key file gets a new key at the next start, and the old key stops working.
    await chain!.stop();
    await rm(chain!.keyFile);
    await start();
    expect(chain!.apiKey).not.toBe(keyBefore);
    const old = await fetch(`${chain!.url}/v1/ledger/lag`, { headers: { authorization: `Bearer ${keyBefore}` } });
    expect(old.status).toBe(401);
    expect(await getJson(`/v1/ledger/trace/forward?node=${ids.batch}`)).toEqual(before);
    // The write side kept its state too: the batch is known, so shipping more than is left is refused.
    const response = await fetch(`${chain!.url}/v1/collection/batches/${ids.batch}/shipments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chain!.apiKey}` },
      body: JSON.stringify({
        shipmentId: 'S-AGAIN-E',
        centreId: 'CENTRE-DEVENTER-E',
        grams: 1,
        transportKm: 1,
        shippedAt: '2026-05-01T00:00:00Z',
      }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  }, 120_000);

  it('answers people through the vezel command: trace, KPIs and the UPV report, to the gram', async () => {
    const script = fileURLToPath(new URL('../../apps/vezel/src/vezel.ts', import.meta.url));
    // The command finds the operator's key where `vezel up` keeps it, as a person's shell would.
    const vezel = (args: readonly string[]) =>
      runToEnd(process.execPath, [script, ...args], { env: { ...process.env, VEZEL_DATA_DIR: dataDir } });
    const url = ['--url', chain!.url];
    const trace = await vezel(['trace', ids.batch, ...url]);
    expect({ code: trace.code, stderr: trace.stderr }).toEqual({ code: 0, stderr: '' });
    expect(trace.stdout).toContain(`${ids.batch}: 500.000 kg went to`);
    for (const line of [
      /reuse\.sold +150\.000 kg +30\.0 %/,
      /reuse\.donated +20\.000 kg +4\.0 %/,
      /reuse\.exported +60\.000 kg +12\.0 %/,
      /recycling\.fibre-to-fibre +92\.000 kg +18\.4 %/,
      /recycling\.open-loop +140\.000 kg +28\.0 %/,
      /upcycling +5\.000 kg +1\.0 %/,
      /disposal\.energy-recovery +15\.000 kg +3\.0 %/,
      /loss +18\.000 kg +3\.6 %/,
    ]) {
      expect(trace.stdout).toMatch(line);
    }
    const backward = await vezel(['trace', ids.toteBags, '--backward', ...url]);
    // Municipalities by name beside their code, as people read them.
    expect(backward.stdout).toMatch(/Deventer \(GM0150\) +5\.000 kg +100\.0 %/);
    const municipality = await vezel(['trace', 'GM0150', ...url]);
    expect(municipality.stdout).toContain('Deventer (GM0150): 500.000 kg went to');

    const kpis = await vezel([
      'kpis',
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2027-01-01T00:00:00Z',
      '--json',
      ...url,
    ]);
    expect(JSON.parse(kpis.stdout)).toMatchObject({ collectedGrams: 500_000 });
    // The period as people type it: calendar dates, days in the chain's time zone, the end excluded.
    const byDates = await vezel([
      'kpis',
      '--from',
      '2026-01-01',
      '--to',
      '2027-01-01',
      '--municipality',
      'GM0150',
      ...url,
    ]);
    expect({ code: byDates.code, stderr: byDates.stderr }).toEqual({ code: 0, stderr: '' });
    expect(byDates.stdout).toContain(
      'Deventer (GM0150), 2026-01-01 to 2027-01-01 (end excluded): 500.000 kg collected',
    );
    const instants = await vezel(['kpis', '--from', '2026-01-01', '--to', '2027-01-01', '--json', ...url]);
    expect(JSON.parse(instants.stdout)).toMatchObject({
      from: '2025-12-31T23:00:00.000Z',
      to: '2026-12-31T23:00:00.000Z',
    });
    const csv = await vezel(['report', 'upv', '--year', '2026', '--csv', ...url]);
    expect(csv.stdout.split('\n')[0]).toContain('year,indicator,grams');
    expect(csv.stdout).toMatch(/^2026,reuse,\d+,.*,500000,municipality,GM0150,Deventer,Overijssel\r$/m);
    const report = await vezel(['report', 'upv', '--year', '2026', ...url]);
    expect(report.stdout).toMatch(/Deventer \(GM0150\) +Overijssel +500\.000 kg/);
    const notAMunicipality = await vezel(['trace', 'GM9999', ...url]);
    expect(notAMunicipality.code).toBe(1);
    expect(notAMunicipality.stderr).toContain(
      'must be the code of a Dutch municipality (CBS classification of 2025), got "GM9999"',
    );

    const unknown = await vezel(['trace', 'NOT-A-NODE', ...url]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'vezel: no batch, lot, product or container NOT-A-NODE in the ledger\n',
    });
    const badCode = await vezel(['kpis', '--municipality', 'Deventer', ...url]);
    expect(badCode.code).toBe(1);
    expect(badCode.stderr).toContain('must be a CBS municipality code such as GM0150, got "Deventer" (municipality)');
    // One process has no second schema to rebuild into (ADR 11): the command passes on the ledger's refusal.
    const rebuild = await vezel(['ledger', 'rebuild', ...url]);
    expect(rebuild.code).toBe(2);
    expect(rebuild.stderr).toMatch(/^the ledger refused the rebuild \(503\): /);
  }, 120_000);
});
