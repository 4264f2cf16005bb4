import { ConflictError, InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { blameReusedDelivery } from '../src/index.ts';

const receipt = { receiptId: 'rcpt-d-1', deliveryId: 'DISPATCH-9', idFromDelivery: true };

describe('blameReusedDelivery', () => {
  it('answers what the receipt answers', async () => {
    await expect(blameReusedDelivery(receipt, () => Promise.resolve('recorded'))).resolves.toBe('recorded');
  });

  it('turns the 409 for a reused receipt id into one naming the delivery the client sent', async () => {
    const reused = new ConflictError('command id reused', { field: 'receiptId' });
    const error = await blameReusedDelivery(receipt, () => Promise.reject(reused)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      field: 'deliveryId',
      details: { deliveryId: 'DISPATCH-9', receiptId: 'rcpt-d-1' },
      cause: reused,
    });
  });

  it('leaves the 409 naming receiptId when the client sent that id', async () => {
    const reused = new ConflictError('command id reused', { field: 'receiptId' });
    const ownId = { ...receipt, idFromDelivery: false };
    await expect(blameReusedDelivery(ownId, () => Promise.reject(reused))).rejects.toBe(reused);
  });

  it('passes every other error on as it is', async () => {
    const invalid = new InvalidInputError('must be positive', { field: 'grams' });
    const otherConflict = new ConflictError('lot id taken', { field: 'outputs[0].lotId' });
    await expect(blameReusedDelivery(receipt, () => Promise.reject(invalid))).rejects.toBe(invalid);
    await expect(blameReusedDelivery(receipt, () => Promise.reject(otherConflict))).rejects.toBe(otherConflict);
  });
});
