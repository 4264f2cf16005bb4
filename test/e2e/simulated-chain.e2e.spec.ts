import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedChain, type EmbeddedChain } from '@vezel/cli/embedded';
import { driveSimulation, simulateChain } from '@vezel/cli/simulator';
import { eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The simulator (`vezel simulate`, and `vezel up`'s demo data) against the embedded chain: every command it sends
 * is accepted by the real services, and the ledger accounts for every collected gram of every municipality with
 * no anomaly.
 */
describe('a simulated week through the embedded chain', () => {
  let dataDir: string;
  let chain: EmbeddedChain;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-simulated-'));
    chain = await startEmbeddedChain({ dataDir, httpPort: 0, grpcPort: 0 });
  }, 120_000);
  afterAll(async () => {
    await chain?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const getJson = async (path: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${chain.url}${path}`, { headers: { authorization: `Bearer ${chain.apiKey}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  it('is accepted command for command, and the ledger traces every municipality to the gram', async () => {
    const simulated = simulateChain({ seed: 3, days: 7, scale: 0.5 });
    let progress = 0;
    await driveSimulation(simulated.commands, {
      urlOf: () => chain.url,
      apiKey: chain.apiKey,
      onProgress: (done) => (progress = done),
    });
    expect(progress).toBe(simulated.commands.length);
    await eventually(
      async () => {
        const lag = await getJson('/v1/ledger/lag');
        return lag['eventsBehind'] === 0 && lag['derivedPending'] === 0;
      },
      { description: 'the ledger caught up and its figures settled', timeoutMs: 90_000 },
    );
    expect(simulated.collectedGrams.size).toBeGreaterThan(10);
    for (const [municipality, collected] of simulated.collectedGrams) {
      const trace = await getJson(
        `/v1/ledger/trace/forward?municipality=${municipality}&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
      );
      const outcomes = trace['outcomes'] as { grams: number }[];
      expect({
        municipality,
        grams: trace['grams'],
        outcomes: outcomes.reduce((sum, line) => sum + line.grams, 0),
      }).toEqual({
        municipality,
        grams: collected,
        outcomes: collected,
      });
    }
    expect((await getJson('/v1/ledger/anomalies'))['anomalies']).toEqual([]);
  }, 180_000);
});
