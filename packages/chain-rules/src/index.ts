// The rules the chain services share: the input rules every command's values meet, one wording per rule, and the
// run balance of sorting and processing runs.
export { MAX_ID_LENGTH, requireChainId as requireId } from '@vezel/chain-ids';
export {
  requireInstant,
  requireNonNegativeCents,
  requireNonNegativeGrams,
  requirePositiveCount,
  requirePositiveGrams,
  requireText,
} from './input-rules.ts';
export { isNonEmptyList, requireBalancedRun, requireRunInputs, type RunInputGrams } from './run-balance.ts';
