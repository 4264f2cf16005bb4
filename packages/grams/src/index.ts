export {
  type Grams,
  ZERO_GRAMS,
  MAX_GRAMS,
  toGrams,
  sumGrams,
  addGrams,
  subtractGrams,
  formatKilograms,
} from './grams.ts';
export { splitByLargestRemainder } from './split-by-largest-remainder.ts';
