import { requireChainId } from '@vezel/chain-ids';
import { NotFoundError } from '@vezel/errors';

/**
 * The fact recorded under `id`, or a 404 naming `field`: how every chain service answers a read of one of its facts
 * by id, in one wording. The id is checked first, so a malformed one is a 400 rather than a 404.
 */
export async function requireRecordedFact<Fact>(
  field: string,
  id: string,
  what: string,
  find: (id: string) => Promise<Fact | undefined>,
): Promise<Fact> {
  requireChainId(id, field);
  const fact = await find(id);
  if (fact === undefined) throw new NotFoundError(`there is no ${what} ${id}`, { field, details: { [field]: id } });
  return fact;
}
