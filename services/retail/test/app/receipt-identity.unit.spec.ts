import { describe, expect, it } from 'vitest';
import type { ReceiveLotAtStoreRequest } from '../../src/app/receive-lot-at-store.ts';
import { identifyReceipt } from '../../src/app/receipt-identity.ts';

const aRequest = (overrides: Partial<ReceiveLotAtStoreRequest> = {}): ReceiveLotAtStoreRequest => ({
  lotId: 'L-1',
  storeId: 'S-1',
  grams: 1_000n,
  receivedAt: new Date('2026-03-02T09:00:00+01:00'),
  ...overrides,
});

describe('identifying a receipt', () => {
  it('uses the receipt id the client gave', () => {
    expect(identifyReceipt(aRequest({ receiptId: 'R-7', deliveryId: 'D-1' }))).toEqual({
      receiptId: 'R-7',
      source: 'receiptId',
    });
  });

  it('derives the id from the delivery alone, whatever the figures', () => {
    const first = identifyReceipt(aRequest({ deliveryId: 'D-1' }));
    expect(first).toEqual({
      receiptId: expect.stringMatching(/^rcpt-d-[0-9a-f]{32}$/) as unknown,
      source: 'deliveryId',
    });
    expect(identifyReceipt(aRequest({ deliveryId: 'D-1', grams: 5n, storeId: 'S-2' })).receiptId).toBe(first.receiptId);
    expect(identifyReceipt(aRequest({ deliveryId: 'D-2' })).receiptId).not.toBe(first.receiptId);
  });

  it('derives the id from store, lot, grams and instant when there is neither id nor delivery', () => {
    const { receiptId, source } = identifyReceipt(aRequest());
    expect(source).toBe('content');
    expect(receiptId).toMatch(/^rcpt-c-[0-9a-f]{32}$/);
    // The same instant written in another offset is the same receipt.
    expect(identifyReceipt(aRequest({ receivedAt: new Date('2026-03-02T08:00:00Z') })).receiptId).toBe(receiptId);
    for (const other of [
      { lotId: 'L-2' },
      { storeId: 'S-2' },
      { grams: 1_001n },
      { receivedAt: new Date('2026-03-02T08:00:01Z') },
    ]) {
      expect(identifyReceipt(aRequest(other)).receiptId).not.toBe(receiptId);
    }
  });

  it('keeps the parts apart, so shifting characters between store and lot gives another id', () => {
    expect(identifyReceipt(aRequest({ storeId: 'S-1L', lotId: '-1' })).receiptId).not.toBe(
      identifyReceipt(aRequest({ storeId: 'S-1', lotId: 'L-1' })).receiptId,
    );
  });

  it('leaves an invalid time for the decider to refuse instead of throwing', () => {
    expect(identifyReceipt(aRequest({ receivedAt: new Date('nonsense') })).source).toBe('content');
  });
});
