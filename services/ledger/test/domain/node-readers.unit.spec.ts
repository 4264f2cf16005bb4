import { describe, expect, it } from 'vitest';
import { accountNode, applyFacts, downstreamReadersFrom, EMPTY_LEDGER, ownReadersOf } from '../../src/domain/index.ts';
import { sortingRun } from './ledger-fixtures.ts';
import { scenarioFacts } from './two-municipalities-scenario.ts';

const ledger = applyFacts(EMPTY_LEDGER, scenarioFacts);
const sorted = (readers: ReadonlySet<string> | undefined) => [...(readers ?? [])].sort();

describe('who may read a node', () => {
  it('from its own facts: every party that held it or was sent it, an exporter it went to, a batch’s municipality', () => {
    expect(sorted(ownReadersOf(accountNode(ledger, 'B1')))).toEqual(['centre:DEV', 'municipality:GM0150']);
    // Dispatched to the store, returned from there to the processor.
    expect(sorted(ownReadersOf(accountNode(ledger, 'L-CREME')))).toEqual([
      'centre:DEV',
      'processor:P-1',
      'store:ST-DEV',
    ]);
    expect(sorted(ownReadersOf(accountNode(ledger, 'L-EXPORT')))).toEqual(['centre:DEV', 'exporter:EXP-PL']);
  });

  it('downstream: a node is read by whoever holds it or anything made from it, municipalities left to the batches', () => {
    const readers = downstreamReadersFrom(ledger, 'B1');
    expect(Object.fromEntries([...readers].map(([nodeId, set]) => [nodeId, sorted(set)]))).toEqual({
      B1: ['centre:DEV', 'exporter:EXP-PL', 'processor:P-1', 'store:ST-DEV'],
      'L-CREME': ['centre:DEV', 'processor:P-1', 'store:ST-DEV'],
      'L-EXPORT': ['centre:DEV', 'exporter:EXP-PL'],
      'L-WIPERS': ['centre:DEV', 'processor:P-1'],
      'L-RESID': ['centre:DEV'],
      'PR-F2F': ['processor:P-1'],
      'PR-OPEN': ['processor:P-1'],
    });
    // B2 went through the same run: the same nodes, the same holders.
    expect(sorted(downstreamReadersFrom(ledger, 'B2').get('L-CREME'))).toEqual(sorted(readers.get('L-CREME')));
  });

  it('gives every node on a run cycle (an anomaly) the same readers, wherever the walk starts', () => {
    const back = sortingRun({
      runId: 'RUN-BACK',
      centreId: 'DEV',
      inputs: [['L-RESID', 1_000]],
      outputs: [['B1', 'residual.textile', 1_000]],
      lossGrams: 0,
      at: '2026-01-08T10:00:00Z',
    });
    // Two states of the same facts: readers are memoised per state, so each walk starts afresh.
    const fromBatch = downstreamReadersFrom(applyFacts(EMPTY_LEDGER, [...scenarioFacts, back]), 'B1');
    const fromLot = downstreamReadersFrom(applyFacts(EMPTY_LEDGER, [...scenarioFacts, back]), 'L-RESID');
    expect(sorted(fromLot.get('B1'))).toEqual(sorted(fromBatch.get('B1')));
    expect(sorted(fromLot.get('L-RESID'))).toEqual(sorted(fromBatch.get('L-RESID')));
    expect(sorted(fromLot.get('L-RESID'))).toContain('store:ST-DEV');
  });
});
