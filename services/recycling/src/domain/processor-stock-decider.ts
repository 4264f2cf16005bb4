import { decideProcessorStock } from './decide-processor-stock.ts';
import { evolveProcessorStock } from './evolve-processor-stock.ts';
import { initialProcessorStock } from './processor-stock.ts';

/**
 * The processor-stock aggregate as one decider (`decide`, `evolve`, `initialState`): what the app layer's command
 * handler and the given/when/then tests drive.
 */
export const processorStockDecider = {
  decide: decideProcessorStock,
  evolve: evolveProcessorStock,
  initialState: initialProcessorStock,
} as const;
