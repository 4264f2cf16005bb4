import { InvalidInputError, NotFoundError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { requireRecordedFact } from '../src/index.ts';

describe('requireRecordedFact', () => {
  const sales = new Map([['S-1', { saleId: 'S-1', grams: 1_200n }]]);
  const find = (id: string) => Promise.resolve(sales.get(id));

  it('answers the fact recorded under the id', async () => {
    await expect(requireRecordedFact('saleId', 'S-1', 'sale', find)).resolves.toEqual({ saleId: 'S-1', grams: 1_200n });
  });

  it('is a 404 naming the id field and the id when nothing is recorded under it', async () => {
    const error = await requireRecordedFact('saleId', 'S-2', 'sale', find).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ field: 'saleId', details: { saleId: 'S-2' }, message: 'there is no sale S-2' });
  });

  it('is a 400 naming the field for an id that can never be valid, before anything is read', async () => {
    let reads = 0;
    const counting = (id: string) => {
      reads += 1;
      return find(id);
    };
    await expect(requireRecordedFact('saleId', ' ', 'sale', counting)).rejects.toBeInstanceOf(InvalidInputError);
    expect(reads).toBe(0);
  });
});
