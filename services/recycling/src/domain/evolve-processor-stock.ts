import { assertNever } from '@vezel/errors';
import { receiveGrams, takeGrams } from '@vezel/holder-stock';
import type { ProcessorStock } from './processor-stock.ts';
import type { RecyclingEvent } from './recycling-event.ts';

/**
 * Applies one accepted fact to a processor's stock: a receipt adds grams; a run's inputs and a disposal take them.
 * A run's products are not added: they are terminal. Events were decided against this stock, so they always fit;
 * a `RangeError` from `takeGrams` means the stored history is corrupt, and it is refused loudly rather than
 * letting a negative stock exist.
 */
export function evolveProcessorStock(stock: ProcessorStock, event: RecyclingEvent): ProcessorStock {
  switch (event.type) {
    case 'LotReceivedByProcessor':
      return receiveGrams(stock, event.lotId, event.grams);
    case 'ProcessingRunCompleted':
      // A run lists each input node once (the decider refuses repeats), so one pass is exact.
      return event.inputs.reduce((held, input) => takeGrams(held, input.nodeId, input.grams), stock);
    case 'NodeDisposed':
      return takeGrams(stock, event.nodeId, event.grams);
    default:
      return assertNever(event, 'recycling event');
  }
}
