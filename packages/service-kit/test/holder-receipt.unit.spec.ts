import { describe, expect, it } from 'vitest';
import { readReceiptBody, receiptSchemas } from '../src/index.ts';

const storeReceipt = { node: 'lotId', holder: 'storeId' } as const;
const id = { maxLength: 8 } as const;

describe('a holder receipt body', () => {
  it('reads the two ids under the names the holder gives them, leaving absent optional ids out', () => {
    const body = { lotId: 'L-1', storeId: 'S-1', grams: 1200, receivedAt: '2026-03-01T10:00:00Z' };
    expect(readReceiptBody(body, storeReceipt, id)).toEqual({
      lotId: 'L-1',
      storeId: 'S-1',
      grams: 1200n,
      receivedAt: new Date('2026-03-01T10:00:00Z'),
    });
  });

  it('keeps a receiptId and a deliveryId when they are sent', () => {
    const body = {
      receiptId: 'R-1',
      lotId: 'L-1',
      storeId: 'S-1',
      grams: 1,
      receivedAt: '2026-03-01T10:00:00Z',
      deliveryId: 'D-1',
    };
    expect(readReceiptBody(body, storeReceipt, id)).toMatchObject({ receiptId: 'R-1', deliveryId: 'D-1' });
  });

  it('names the offending field, bounding ids by the rule it is given', () => {
    const tooLong = { lotId: 'L-123456789', storeId: 'S-1', grams: 1, receivedAt: '2026-03-01T10:00:00Z' };
    expect(() => readReceiptBody(tooLong, storeReceipt, id)).toThrow(expect.objectContaining({ field: 'lotId' }));
    const missing = { lotId: 'L-1', grams: 1, receivedAt: '2026-03-01T10:00:00Z' };
    expect(() => readReceiptBody(missing, storeReceipt, id)).toThrow(expect.objectContaining({ field: 'storeId' }));
  });

  it('is documented as a closed body and an open Receipt with the same two ids', () => {
    const schemas = receiptSchemas('ReceiveLotAtStore', storeReceipt, { receiptId: 'Optional', deliveryId: 'Closes' });
    expect(schemas['ReceiveLotAtStore']).toMatchObject({
      additionalProperties: false,
      required: ['lotId', 'storeId', 'grams', 'receivedAt'],
    });
    expect(schemas['Receipt']).toMatchObject({ required: ['receiptId', 'lotId', 'storeId', 'grams', 'receivedAt'] });
    expect(schemas['Receipt']).not.toHaveProperty('additionalProperties');
  });
});
