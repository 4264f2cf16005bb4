import { describe, expect, it } from 'vitest';
import { evolveLotView, lotViewsCreatedBy, type LotView, type SortingEvent } from '../../src/domain/index.ts';
import { aLotDispatched, aNodeReceived, aSortingRunCompleted, inGrams } from './sorting-fixtures.ts';

function lotViewAfter(lotId: string, events: readonly SortingEvent[]): LotView {
  const [created, ...rest] = events;
  if (created?.type !== 'SortingRunCompleted') throw new Error('a lot view starts with the run that created it');
  const view = lotViewsCreatedBy(created).find((candidate) => candidate.lotId === lotId);
  if (view === undefined) throw new Error(`the run did not create ${lotId}`);
  return rest.reduce(evolveLotView, view);
}

describe('lot view', () => {
  it('shows a new lot with its run, centre, fraction and all its grams available', () => {
    const fromRun = { runId: 'RUN-1', centreId: 'C-DEVENTER', dispatches: [] };
    expect(lotViewsCreatedBy(aSortingRunCompleted())).toEqual([
      { lotId: 'L-1', ...fromRun, fraction: 'reuse.creme', grams: 6_000n, availableGrams: 6_000n },
      { lotId: 'L-2', ...fromRun, fraction: 'recycling.wipers', grams: 3_500n, availableGrams: 3_500n },
    ]);
  });

  it('lists dispatches oldest first and takes them from the available grams', () => {
    const first = aLotDispatched({ dispatchId: 'D-1', grams: inGrams(2_000) });
    const toPoland = { kind: 'exporter', id: 'X-1', country: 'PL' } as const;
    const second = aLotDispatched({ dispatchId: 'D-2', grams: inGrams(1_500), destination: toPoland });
    const view = lotViewAfter('L-1', [aSortingRunCompleted(), first, second]);
    expect(view.dispatches).toEqual([first, second]);
    expect(view.availableGrams).toBe(2_500n);
    expect(view.grams).toBe(6_000n);
  });

  it('adds grams returned to the centre that created the lot', () => {
    const view = lotViewAfter('L-1', [
      aSortingRunCompleted(),
      aLotDispatched({ grams: inGrams(6_000) }),
      aNodeReceived({ receiptId: 'R-2', nodeId: 'L-1', grams: inGrams(700) }),
    ]);
    expect(view.availableGrams).toBe(700n);
  });

  it('lists a dispatch of the lot by another centre without taking it from the creating centre', () => {
    const elsewhere = aLotDispatched({ dispatchId: 'D-9', centreId: 'C-SNEEK', grams: inGrams(300) });
    const receivedElsewhere = aNodeReceived({
      receiptId: 'R-9',
      nodeId: 'L-1',
      centreId: 'C-SNEEK',
      grams: inGrams(300),
    });
    const view = lotViewAfter('L-1', [aSortingRunCompleted(), receivedElsewhere, elsewhere]);
    expect(view.dispatches).toEqual([elsewhere]);
    expect(view.availableGrams).toBe(6_000n);
  });

  it('takes grams a later run consumed at the creating centre', () => {
    const resorted = aSortingRunCompleted({
      runId: 'RUN-2',
      inputs: [{ nodeId: 'L-1', grams: inGrams(1_000) }],
      outputs: [{ lotId: 'L-3', fraction: 'reuse.vintage', grams: inGrams(1_000) }],
      lossGrams: inGrams(0),
    });
    expect(lotViewAfter('L-1', [aSortingRunCompleted(), resorted]).availableGrams).toBe(5_000n);
  });

  it('ignores events about other nodes', () => {
    const otherNodes = [aLotDispatched(), aNodeReceived({ receiptId: 'R-2', nodeId: 'B-2' })];
    const view = lotViewAfter('L-2', [aSortingRunCompleted(), ...otherNodes]);
    expect(view).toEqual(lotViewsCreatedBy(aSortingRunCompleted())[1]);
  });
});
