import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedChain, type EmbeddedChain } from '@vezel/cli/embedded';
import { eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchForwardByHand, driveCircularChainScenario, type CircularChainIds } from '../support/circular-chain-scenario.ts';

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
    const response = await fetch(`${chain!.url}${path}`);
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
      (trace['outcomes'] as { outcome: string; grams: number }[]).filter((line) => line.grams > 0).map((line) => [line.outcome, line.grams]),
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-embedded-'));
    await start();
  }, 120_000);
  afterAll(async () => {
    await chain?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves every API from one port and traces the chain to the gram', async () => {
    const post = async (service: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
      const response = await fetch(`${chain!.url}/v1/${service}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      expect(response.status, `${service}/${path}: ${JSON.stringify(answer)}`).toBe(201);
      return answer;
    };
    ids = await driveCircularChainScenario(post, (name) => `${name}-E`);
    await settled();

    const forward = await getJson(`/v1/ledger/trace/forward?node=${ids.batch}`);
    expect(forward['grams']).toBe(500_000);
    expect(outcomesOf(forward)).toEqual(batchForwardByHand);

    const municipality = await getJson('/v1/ledger/trace/forward?municipality=GM0150&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z');
    expect(outcomesOf(municipality)).toEqual(batchForwardByHand);

    const backward = await getJson(`/v1/ledger/trace/backward?node=${ids.toteBags}`);
    expect(backward).toMatchObject({ grams: 5_000 });
    expect(JSON.stringify(backward)).toContain(ids.batch);
    expect((await getJson('/v1/ledger/anomalies'))['anomalies']).toEqual([]);
  }, 120_000);

  it('keeps its data across a restart on the same directory', async () => {
    const before = await getJson(`/v1/ledger/trace/forward?node=${ids.batch}`);
    await chain!.stop();
    await start();
    expect(await getJson(`/v1/ledger/trace/forward?node=${ids.batch}`)).toEqual(before);
    // The write side kept its state too: the batch is known, so shipping more than is left is refused.
    const response = await fetch(`${chain!.url}/v1/collection/batches/${ids.batch}/shipments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shipmentId: 'S-AGAIN-E', centreId: 'CENTRE-DEVENTER-E', grams: 1, transportKm: 1, shippedAt: '2026-05-01T00:00:00Z' }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  }, 120_000);
});
