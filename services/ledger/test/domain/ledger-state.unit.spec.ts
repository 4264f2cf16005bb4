import { toGrams } from '@vezel/grams';
import { describe, expect, it } from 'vitest';
import {
  applyFact,
  applyFacts,
  EMPTY_LEDGER,
  factsUnder,
  hasFact,
  listAnomalies,
  nodeIdsIn,
  nodeKeyOf,
  traceForward,
} from '../../src/domain/index.ts';
import { snapshotOf } from './ledger-snapshot.ts';
import { scenario, scenarioFacts } from './two-municipalities-scenario.ts';

describe('the ledger state', () => {
  it('treats a redelivered fact as a no-op, returning the very same state', () => {
    const state = applyFacts(EMPTY_LEDGER, scenarioFacts);
    expect(applyFact(state, scenario.run1)).toBe(state);
    expect(applyFact(state, { ...scenario.run1 })).toBe(state);
    expect(applyFacts(state, scenarioFacts)).toBe(state);
  });

  it('gives the same answers when every fact is delivered twice', () => {
    const once = applyFacts(EMPTY_LEDGER, scenarioFacts);
    const twice = applyFacts(
      EMPTY_LEDGER,
      scenarioFacts.flatMap((fact) => [fact, { ...fact }]),
    );
    expect(twice.facts.size).toBe(scenarioFacts.length);
    expect(snapshotOf(twice)).toBe(snapshotOf(once));
  });

  it('leaves the state it was given unchanged', () => {
    const before = applyFacts(EMPTY_LEDGER, [scenario.b1, scenario.s1]);
    const snapshot = snapshotOf(before);
    const after = applyFact(before, scenario.r1);
    expect(hasFact(after, scenario.r1.eventId)).toBe(true);
    expect(hasFact(before, scenario.r1.eventId)).toBe(false);
    expect(snapshotOf(before)).toBe(snapshot);
    expect(EMPTY_LEDGER.facts.size).toBe(0);
  });

  it('keeps the same body of an event id delivered with two bodies, whichever came first, and reports it', () => {
    const altered = { ...scenario.b1, grams: toGrams(31_000) };
    const oneWay = applyFacts(EMPTY_LEDGER, [...scenarioFacts, altered]);
    const otherWay = applyFacts(EMPTY_LEDGER, [altered, ...scenarioFacts]);
    expect(snapshotOf(oneWay)).toBe(snapshotOf(otherWay));
    // Canonical JSON of the 30 000 g body sorts before the 31 000 g one ("30000" < "31000").
    expect(traceForward(oneWay, { kind: 'node', nodeId: 'B1' }).grams).toBe(30_000n);
    expect(listAnomalies(oneWay).map(({ kind, nodeId, eventIds }) => [kind, nodeId, eventIds])).toEqual([
      ['conflicting-facts', 'B1', ['BatchCollected:B1']],
    ]);
  });

  it('files a fact under every node it touches, oldest first', () => {
    const state = applyFacts(EMPTY_LEDGER, [...scenarioFacts].reverse());
    expect(factsUnder(state, nodeKeyOf('B2')).map((fact) => fact.eventId)).toEqual([
      'BatchCollected:B2',
      'BatchShipped:S-2',
      'NodeReceivedAtCentre:R-2',
      'SortingRunCompleted:RUN-1',
    ]);
    expect(nodeIdsIn(state)).toEqual([
      'B1',
      'B2',
      'B3',
      'L-CREME',
      'L-EXPORT',
      'L-RESID',
      'L-WIPERS',
      'PR-F2F',
      'PR-OPEN',
    ]);
  });
});
