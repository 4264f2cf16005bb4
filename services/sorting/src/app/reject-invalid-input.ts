import { isDomainError } from '@vezel/errors';
import { decideCentreStock, initialCentreStock, type CentreStockCommand } from '../domain/index.ts';

/**
 * Throws the `InvalidInputError` the decider would report for `command`, before anything is read: ids and grams
 * go into queries (the idempotency look-up, the stock lines, the lot index), and a request that can never be valid
 * (an id with a NUL, which PostgreSQL cannot even compare) must be a 400 naming its field, not a database error.
 *
 * Deciding against an empty stock finds exactly these errors: every input rule of the domain is checked before the
 * stock is looked at and does not depend on it. The other errors (unknown node, not enough grams, a taken lot id)
 * depend on the stock and are left to the real decision.
 */
export function rejectInvalidInput(command: CentreStockCommand): void {
  try {
    decideCentreStock(command, initialCentreStock());
  } catch (error) {
    if (isDomainError(error) && error.kind === 'InvalidInput') throw error;
  }
}
