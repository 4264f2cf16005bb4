import { describe, expect, it } from 'vitest';
import {
  applyFacts,
  EMPTY_LEDGER,
  listAnomalies,
  occurredAtOf,
  traceForward,
  type LedgerFact,
  type LedgerFactType,
} from '../src/domain/index.ts';
import { createChainTally, generateChain, type ChainSummary } from './generate-chain.ts';

function chainOf(events: number, seed = 2025): LedgerFact[] {
  return [...generateChain({ seed, events })];
}

function summaryOf(facts: readonly LedgerFact[]): ChainSummary {
  const tally = createChainTally({ sampleSize: 50 });
  for (const fact of facts) tally.add(fact);
  return tally.summary();
}

type FactOfType<T extends LedgerFactType> = Extract<LedgerFact, { type: T }>;

function factsOfType<T extends LedgerFactType>(facts: readonly LedgerFact[], type: T): FactOfType<T>[] {
  return facts.filter((fact): fact is FactOfType<T> => fact.type === type);
}

/**
 * Replays a chain per node and holder, as the chain services would check it: nobody takes more grams of a node than
 * they hold, a receipt closes an open delivery to its party and is not larger than it, and a node is created once.
 * Returns what broke those rules (nothing, for a valid chain).
 */
function replayHoldings(facts: readonly LedgerFact[]): string[] {
  const problems: string[] = [];
  const holdings = new Map<string, bigint>();
  const created = new Set<string>();
  const deliveries = new Map<string, { nodeId: string; party: string; grams: bigint }>();
  const create = (nodeId: string, holder: string, grams: bigint): void => {
    if (created.has(nodeId)) problems.push(`${nodeId} created twice`);
    created.add(nodeId);
    give(nodeId, holder, grams);
  };
  const give = (nodeId: string, holder: string, grams: bigint): void => {
    const key = `${nodeId} @ ${holder}`;
    holdings.set(key, (holdings.get(key) ?? 0n) + grams);
  };
  const take = (nodeId: string, holder: string, grams: bigint, eventId: string): void => {
    const key = `${nodeId} @ ${holder}`;
    const held = holdings.get(key) ?? 0n;
    if (grams <= 0n) problems.push(`${eventId}: takes ${grams} g of ${nodeId}`);
    if (held < grams) problems.push(`${eventId}: takes ${grams} g of ${nodeId} from ${holder}, which holds ${held} g`);
    holdings.set(key, held - grams);
  };
  const send = (deliveryId: string, nodeId: string, party: string, grams: bigint): void => {
    if (deliveries.has(deliveryId)) problems.push(`delivery ${deliveryId} opened twice`);
    deliveries.set(deliveryId, { nodeId, party, grams });
    give(nodeId, `transit ${deliveryId}`, grams);
  };
  const receive = (fact: LedgerFact & { deliveryId?: string }, nodeId: string, party: string, grams: bigint): void => {
    const deliveryId =
      fact.deliveryId ??
      [...deliveries].find(([, delivery]) => delivery.nodeId === nodeId && delivery.party === party)?.[0];
    const delivery = deliveryId === undefined ? undefined : deliveries.get(deliveryId);
    if (deliveryId === undefined || delivery === undefined || delivery.nodeId !== nodeId || delivery.party !== party) {
      problems.push(`${fact.eventId}: receipt of ${nodeId} at ${party} closes no open delivery`);
      return;
    }
    deliveries.delete(deliveryId);
    if (grams > delivery.grams) problems.push(`${fact.eventId}: receives ${grams} g of a ${delivery.grams} g delivery`);
    take(nodeId, `transit ${deliveryId}`, delivery.grams, fact.eventId);
    give(nodeId, party, grams);
  };

  for (const fact of facts) {
    switch (fact.type) {
      case 'ContainerRegistered':
        break;
      case 'BatchCollected':
        create(fact.batchId, `container ${fact.containerId}`, fact.grams);
        break;
      case 'BatchShipped':
        take(fact.batchId, `container ${fact.containerId}`, fact.grams, fact.eventId);
        send(fact.shipmentId, fact.batchId, `centre ${fact.centreId}`, fact.grams);
        break;
      case 'NodeReceivedAtCentre':
        receive(fact, fact.nodeId, `centre ${fact.centreId}`, fact.grams);
        break;
      case 'SortingRunCompleted':
        for (const input of fact.inputs) take(input.nodeId, `centre ${fact.centreId}`, input.grams, fact.eventId);
        for (const output of fact.outputs) create(output.lotId, `centre ${fact.centreId}`, output.grams);
        break;
      case 'LotDispatched':
      case 'LotReturned': {
        const from = fact.type === 'LotDispatched' ? `centre ${fact.centreId}` : `store ${fact.storeId}`;
        take(fact.lotId, from, fact.grams, fact.eventId);
        const { destination } = fact;
        if (destination.kind === 'centre' || destination.kind === 'store' || destination.kind === 'processor') {
          const deliveryId = fact.type === 'LotDispatched' ? fact.dispatchId : fact.returnId;
          send(deliveryId, fact.lotId, `${destination.kind} ${destination.id}`, fact.grams);
        }
        break;
      }
      case 'LotReceivedAtStore':
        receive(fact, fact.lotId, `store ${fact.storeId}`, fact.grams);
        break;
      case 'ItemsSold':
      case 'ItemsDonated':
        take(fact.lotId, `store ${fact.storeId}`, fact.grams, fact.eventId);
        break;
      case 'LotReceivedByProcessor':
        receive(fact, fact.lotId, `processor ${fact.processorId}`, fact.grams);
        break;
      case 'ProcessingRunCompleted':
        for (const input of fact.inputs) take(input.nodeId, `processor ${fact.processorId}`, input.grams, fact.eventId);
        for (const output of fact.outputs) create(output.productId, 'terminal', output.grams);
        break;
      case 'NodeDisposed':
        take(fact.nodeId, `processor ${fact.processorId}`, fact.grams, fact.eventId);
        break;
      default:
        fact satisfies never;
    }
  }
  return problems;
}

describe('generateChain', () => {
  const facts = chainOf(20_000);

  it('gives the same facts, event ids included, for the same seed', () => {
    expect(chainOf(3_000, 7)).toEqual(chainOf(3_000, 7));
  });

  it('gives another chain for another seed', () => {
    const [a, b] = [chainOf(500, 1), chainOf(500, 2)];
    expect(a.map((fact) => fact.eventId)).not.toEqual(b.map((fact) => fact.eventId));
    expect(factsOfType(a, 'BatchCollected').map((fact) => fact.grams)).not.toEqual(
      factsOfType(b, 'BatchCollected').map((fact) => fact.grams),
    );
  });

  it.each([1, 2, 17, 1_000, 4_321])('yields at least the %i facts asked for, and at most one more', (events) => {
    const count = chainOf(events).length;
    expect(count).toBeGreaterThanOrEqual(events);
    expect(count).toBeLessThanOrEqual(events + 1);
  });

  it('streams: taking a few facts from a huge chain does not generate the rest', () => {
    const generator = generateChain({ seed: 1, events: 50_000_000 });
    const firstFew = Array.from({ length: 10 }, () => generator.next().value as LedgerFact);
    generator.return(undefined);
    expect(firstFew.map((fact) => fact.type)).toContain('BatchCollected');
  });

  it("gives every fact a unique UUIDv7 event id whose time is the fact's, as the producers write them", () => {
    const ids = facts.map((fact) => fact.eventId);
    const known = new Set(ids);
    expect(known.size).toBe(ids.length);
    for (const [index, id] of ids.entries()) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(occurredAtOf(facts[index]!).getTime());
    }
    const live = chainOf(500, 1_001).map((fact) => fact.eventId);
    expect(live.filter((id) => known.has(id))).toEqual([]);
  });

  it('emits facts in time order, from 1 January of the start year on, spread over the year', () => {
    const times = facts.map((fact) => occurredAtOf(fact).getTime());
    const backwards = times.findIndex((time, index) => index > 0 && time < times[index - 1]!);
    expect(backwards).toBe(-1);
    expect(times[0]).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 1));
    const collected = factsOfType(facts, 'BatchCollected').map((fact) => fact.collectedAt.getUTCMonth());
    expect(new Set(collected).size).toBe(12);
    const other = [...generateChain({ seed: 3, events: 200, startYear: 2027 })];
    expect(occurredAtOf(other[0]!).getUTCFullYear()).toBe(2027);
  });

  it('balances every run exactly: inputs = outputs + loss', () => {
    const runs = [...factsOfType(facts, 'SortingRunCompleted'), ...factsOfType(facts, 'ProcessingRunCompleted')];
    expect(runs.length).toBeGreaterThan(100);
    for (const run of runs) {
      const inputs = run.inputs.reduce((sum, input) => sum + input.grams, 0n);
      const outputs =
        run.type === 'SortingRunCompleted'
          ? run.outputs.reduce((sum, output) => sum + output.grams, 0n)
          : run.outputs.reduce((sum, output) => sum + output.grams, 0n);
      expect(inputs, run.runId).toBe(outputs + run.lossGrams);
      expect(run.outputs.length, run.runId).toBeGreaterThan(0);
    }
  });

  it('never lets anyone take more grams of a node than they hold, and creates every node once', () => {
    expect(replayHoldings(facts)).toEqual([]);
  });

  it('collects in municipalities with CBS codes, each batch from a registered container of its municipality', () => {
    const registrations = factsOfType(facts, 'ContainerRegistered');
    const registered = new Map(registrations.map((fact) => [fact.containerId, fact.municipality]));
    const batches = factsOfType(facts, 'BatchCollected');
    for (const batch of batches) {
      expect(batch.municipality).toMatch(/^GM\d{4}$/);
      expect(registered.get(batch.containerId), batch.batchId).toBe(batch.municipality);
    }
    expect(new Set(batches.map((batch) => batch.municipality)).size).toBeGreaterThanOrEqual(40);
    for (const batch of batches) {
      expect(batch.grams).toBeGreaterThanOrEqual(200_000n);
      expect(batch.grams).toBeLessThanOrEqual(900_000n);
    }
  });

  it('has the shape of the real chain: 8-20 batches a sorting run, half of it reused, 10-30 sales a shop lot', () => {
    const sortingRuns = factsOfType(facts, 'SortingRunCompleted');
    for (const run of sortingRuns) {
      expect(run.inputs.length).toBeGreaterThanOrEqual(8);
      expect(run.inputs.length).toBeLessThanOrEqual(20);
      expect(run.outputs.length).toBeGreaterThanOrEqual(6);
      expect(run.outputs.length).toBeLessThanOrEqual(11);
      const total = Number(run.inputs.reduce((sum, input) => sum + input.grams, 0n));
      const reuseLots = run.outputs.filter((output) => output.fraction.startsWith('reuse.'));
      const reuse = Number(reuseLots.reduce((sum, output) => sum + output.grams, 0n));
      expect(reuse / total).toBeGreaterThan(0.5);
      expect(reuse / total).toBeLessThan(0.62);
    }
    const sales = factsOfType(facts, 'ItemsSold');
    for (const sale of sales) {
      expect(sale.items).toBeGreaterThanOrEqual(1);
      expect(sale.items).toBeLessThanOrEqual(5);
      expect(sale.grams).toBeGreaterThanOrEqual(300n);
      expect(sale.grams).toBeLessThanOrEqual(3_000n);
    }
    const salesPerLot = new Map<string, number>();
    for (const sale of sales) salesPerLot.set(sale.lotId, (salesPerLot.get(sale.lotId) ?? 0) + 1);
    const finished = new Set(factsOfType(facts, 'LotReturned').map((fact) => fact.lotId));
    for (const [lotId, count] of salesPerLot) {
      if (finished.has(lotId)) expect(count, lotId).toBeGreaterThanOrEqual(10);
      expect(count, lotId).toBeLessThanOrEqual(30);
    }
    const types = new Set(facts.map((fact) => fact.type));
    expect(types.size).toBe(13);
  });

  it('leaves a little unfinished: stock in shops, at centres and on the road', () => {
    const summary = summaryOf(facts);
    const ended = [...summary.outcomeGrams.values()].reduce((sum, grams) => sum + grams, 0n);
    const stockShare = Number(summary.collectedGrams - ended) / Number(summary.collectedGrams);
    expect(stockShare).toBeGreaterThan(0.005);
    expect(stockShare).toBeLessThan(0.15);
  });
});

describe('a generated chain in the ledger', () => {
  const facts = chainOf(2_000, 11);
  const summary = summaryOf(facts);
  const state = applyFacts(EMPTY_LEDGER, facts);

  it('shows no anomalies', () => {
    expect(listAnomalies(state)).toEqual([]);
  });

  it('traces every municipality forward to outcomes that add up to its collected grams', () => {
    const collected = new Map<string, bigint>();
    for (const batch of factsOfType(facts, 'BatchCollected')) {
      collected.set(batch.municipality, (collected.get(batch.municipality) ?? 0n) + batch.grams);
    }
    let total = 0n;
    const outcomes = new Map<string, bigint>();
    for (const municipality of summary.municipalities) {
      const trace = traceForward(state, { kind: 'municipality', municipality });
      expect(trace.grams, municipality).toBe(collected.get(municipality));
      expect(
        trace.outcomes.reduce((sum, outcome) => sum + outcome.grams, 0n),
        municipality,
      ).toBe(trace.grams);
      total += trace.grams;
      for (const { outcome, grams } of trace.outcomes) outcomes.set(outcome, (outcomes.get(outcome) ?? 0n) + grams);
    }
    expect(total).toBe(summary.collectedGrams);
    // The ledger rounds per batch; its outcome totals match the generator's own books to within a gram a batch.
    const batches = BigInt(summary.countsByType.BatchCollected);
    for (const [outcome, grams] of summary.outcomeGrams) {
      const difference = (outcomes.get(outcome) ?? 0n) - grams;
      expect(difference < 0n ? -difference : difference, outcome).toBeLessThanOrEqual(batches);
    }
  });

  it('summarises the chain: counts per type, collected grams per municipality and year, sample node ids', () => {
    expect(summary.facts).toBe(facts.length);
    expect(Object.values(summary.countsByType).reduce((sum, count) => sum + count, 0)).toBe(facts.length);
    const byYear = [...summary.collectedGramsByMunicipalityYear.values()].reduce((sum, grams) => sum + grams, 0n);
    expect(byYear).toBe(summary.collectedGrams);
    expect(summary.samples.batches.length).toBe(50);
    expect(summary.samples.lots.length).toBe(50);
    expect(summary.samples.products.length).toBeGreaterThan(0);
    const nodeIds = new Set(facts.flatMap((fact) => ('batchId' in fact ? [fact.batchId] : [])));
    for (const batchId of summary.samples.batches) expect(nodeIds.has(batchId)).toBe(true);
  });
});
