import { emptyHolderStock, type HolderStock } from '@vezel/holder-stock';

/**
 * What one processor (recycler or upcycler) holds: grams per node, for every lot it has ever received, the chain's
 * shared holder-stock model under the processor's name. This is the recycling aggregate; the app layer loads it by
 * the command's `processorId`, so it does not repeat that id.
 *
 * A run's products are not in it: they are terminal (their grams have reached their outcome), so nothing can
 * consume, dispose of or dispatch them afterwards.
 */
export type ProcessorStock = HolderStock;

/** The stock of a processor that has received nothing yet. */
export const initialProcessorStock: () => ProcessorStock = emptyHolderStock;
