import type { Grams } from '@vezel/grams';
import type { CustodyModel } from './custody-model.ts';

/**
 * What every trace, forward or backward, states besides its breakdown: how many grams it follows, and the custody
 * model its shares are computed with, so that no reader mistakes a share for physical segregation.
 */
export interface TracedGrams {
  readonly grams: Grams;
  readonly custodyModel: CustodyModel;
}
