import { createPgDb, type Db } from '@vezel/db';
import { startServiceModule, type RunningServiceModule } from '@vezel/service-kit';
import { createTestDatabase, eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChain } from '../bench/generate-chain.ts';
import { DEFAULT_REFERENCE_DATA, readReferenceDataFile } from '../src/adapters/reference-data-file.ts';
import { createLedgerModule } from '../src/module.ts';
import type { LedgerFact } from '../src/domain/index.ts';
import { ledgerModuleDependencies } from './support/ledger-module-dependencies.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * Scoped figures (container, municipality, KPI, UPV) are sums over per-batch rows the refresher maintains, so they
 * trail the facts. Once the ledger reports nothing behind and nothing pending after a burst, they must be complete:
 * a municipality's forward trace equals the sum of its batches' own traces, which are computed live from the facts.
 */

const BURST = 20_000;
/** After the apply has caught up, the figures of a burst this size settle well within this (seconds on this machine). */
const SETTLE_BOUND_MS = 60_000;

let chain: LedgerUnderTest;
let db: Db;
let served: RunningServiceModule;
let base: string;
const facts: LedgerFact[] = [...generateChain({ seed: 11, events: BURST })];

beforeAll(async () => {
  chain = await aLedgerUnderTest('figures-after-burst');
  const databaseUrl = await createTestDatabase('figures-after-burst-module');
  db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  const module = await createLedgerModule(ledgerModuleDependencies(databaseUrl, db, chain.eventLog), {
    topics: chain.topics,
    groupId: `figures-after-burst-${Date.now()}`,
    referenceData: await readReferenceDataFile(DEFAULT_REFERENCE_DATA),
  });
  served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
  base = `http://127.0.0.1:${served.http.port}/v1/ledger`;
}, 60_000);

afterAll(async () => {
  await served?.stop();
  await db?.close();
  await chain?.close();
});

async function getJson(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

function outcomesOf(trace: Record<string, unknown>): Map<string, number> {
  return new Map((trace['outcomes'] as { outcome: string; grams: number }[]).map((o) => [o.outcome, o.grams]));
}

describe('the scoped figures after a burst', () => {
  it("are complete once the ledger reports nothing pending: a municipality's trace is the sum of its batches'", async () => {
    // In chunks: one produce request of the whole burst is over the broker's message size limit.
    for (let start = 0; start < facts.length; start += 2_000)
      await chain.publishFacts(facts.slice(start, start + 2_000));
    await eventually(async () => (await getJson('/lag'))['eventsBehind'] === 0, {
      description: 'the burst applied',
      timeoutMs: 120_000,
    });
    await eventually(async () => (await getJson('/lag'))['derivedPending'] === 0, {
      description: `figures settled within ${SETTLE_BOUND_MS / 1000} s of the apply catching up`,
      timeoutMs: SETTLE_BOUND_MS,
    });

    const batchesByMunicipality = new Map<string, string[]>();
    for (const fact of facts) {
      if (fact.type !== 'BatchCollected') continue;
      batchesByMunicipality.set(fact.municipality, [
        ...(batchesByMunicipality.get(fact.municipality) ?? []),
        fact.batchId,
      ]);
    }
    // The two municipalities with the fewest batches (each batch's trace is one request), and the busiest.
    const byCount = [...batchesByMunicipality].sort((a, b) => a[1].length - b[1].length);
    for (const [municipality, batchIds] of [byCount[0]!, byCount[1]!, byCount.at(-1)!]) {
      const expected = new Map<string, number>();
      let grams = 0;
      for (const batchId of batchIds) {
        const trace = await getJson(`/trace/forward?node=${encodeURIComponent(batchId)}`);
        grams += trace['grams'] as number;
        for (const [outcome, part] of outcomesOf(trace)) expected.set(outcome, (expected.get(outcome) ?? 0) + part);
      }
      const scoped = await getJson(`/trace/forward?municipality=${municipality}`);
      expect({ municipality, grams: scoped['grams'], outcomes: outcomesOf(scoped) }).toEqual({
        municipality,
        grams,
        outcomes: expected,
      });
    }
  }, 300_000);
});
