import { initialCentreStock } from './centre-stock.ts';
import { decideCentreStock } from './decide-centre-stock.ts';
import { evolveCentreStock } from './evolve-centre-stock.ts';

/** The centre-stock aggregate as one value, in the `{ decide, evolve, initialState }` shape the app layer and tests use. */
export const centreStockDecider = {
  decide: decideCentreStock,
  evolve: evolveCentreStock,
  initialState: initialCentreStock,
} as const;
