import type { Queryable } from '@vezel/db';
import { NotFoundError } from '@vezel/errors';
import type { SortingQueries } from './sorting-ports.ts';

/**
 * The centre a dispatch takes its grams from: the centre whose run created the lot (the `lots` table); a lot no run
 * created is a 404 naming `lotId`. The HTTP body and the gRPC request name no centre (docs/domain.md), and a lot's
 * creating centre never changes, so this look-up can run before the command's transaction.
 *
 * A lot returned by a store to another centre is held there, but cannot be dispatched from there: the contract has
 * no way to say which centre sends. That centre can sort it again (a run consumes any node it holds).
 */
export async function resolveDispatchingCentre(
  queryable: Queryable,
  queries: SortingQueries,
  lotId: string,
): Promise<string> {
  const centreId = await queries.creatingCentreOf(queryable, lotId);
  if (centreId === undefined)
    throw new NotFoundError(`no sorting run created lot ${lotId}`, { field: 'lotId', details: { lotId } });
  return centreId;
}
