import type { Grams } from '@vezel/grams';
import type { CentreStock } from './centre-stock.ts';

/** One line of what a centre holds (`GET /v1/sorting/centres/{centreId}/stock`). */
export interface StockLine {
  readonly nodeId: string;
  readonly grams: Grams;
}

/**
 * What the centre holds now: nodes with grams > 0, ordered by node id (UTF-16 code units, the order of
 * PostgreSQL's `COLLATE "C"` for the ASCII ids clients use), so the answer is the same from every store.
 */
export function listCentreStock(stock: CentreStock): readonly StockLine[] {
  return Object.entries(stock.heldGrams)
    .filter(([, grams]) => grams > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([nodeId, grams]) => ({ nodeId, grams }));
}
