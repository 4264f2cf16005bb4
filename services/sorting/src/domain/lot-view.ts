import { assertNever } from '@vezel/errors';
import { addGrams, subtractGrams, type Grams } from '@vezel/grams';
import type { Fraction } from './fraction.ts';
import type { LotDispatched, SortingEvent, SortingRunCompleted } from './sorting-event.ts';

/** A graded lot as the sorting service shows it (`GET /v1/sorting/lots/{lotId}`). */
export interface LotView {
  readonly lotId: string;
  /** The run that created it. */
  readonly runId: string;
  /** The centre whose run created it. */
  readonly centreId: string;
  readonly fraction: Fraction;
  /** Grams the run created. */
  readonly grams: Grams;
  /** Its dispatches from any centre, oldest first. */
  readonly dispatches: readonly LotDispatched[];
  /**
   * Grams of the lot its creating centre holds now: created, minus dispatched and consumed there, plus what came
   * back there. Equal to that centre's stock line for the lot.
   */
  readonly availableGrams: Grams;
}

/** The views of the lots a run created, before anything else happened to them. */
export function lotViewsCreatedBy(run: SortingRunCompleted): readonly LotView[] {
  return run.outputs.map((output) => ({
    lotId: output.lotId,
    runId: run.runId,
    centreId: run.centreId,
    fraction: output.fraction,
    grams: output.grams,
    dispatches: [],
    availableGrams: output.grams,
  }));
}

/**
 * A lot's view after an event; events about other nodes leave it as it is. The lots an event may concern are its
 * `stockNodesChangedBy`, so a read store updates only the views among those ids.
 */
export function evolveLotView(view: LotView, event: SortingEvent): LotView {
  switch (event.type) {
    case 'NodeReceivedAtCentre':
      if (event.nodeId !== view.lotId || event.centreId !== view.centreId) return view;
      return { ...view, availableGrams: addGrams(view.availableGrams, event.grams) };
    case 'SortingRunCompleted': {
      if (event.centreId !== view.centreId) return view;
      const consumed = event.inputs.find((input) => input.nodeId === view.lotId);
      if (consumed === undefined) return view;
      return { ...view, availableGrams: subtractGrams(view.availableGrams, consumed.grams) };
    }
    case 'LotDispatched': {
      if (event.lotId !== view.lotId) return view;
      const dispatches = [...view.dispatches, event];
      if (event.centreId !== view.centreId) return { ...view, dispatches };
      return { ...view, dispatches, availableGrams: subtractGrams(view.availableGrams, event.grams) };
    }
    default:
      return assertNever(event, 'event');
  }
}
