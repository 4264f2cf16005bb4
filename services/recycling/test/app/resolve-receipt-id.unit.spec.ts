import { describe, expect, it } from 'vitest';
import { resolveReceiptId, type ReceiveLotRequest } from '../../src/app/resolve-receipt-id.ts';

const aRequest = (overrides: Partial<ReceiveLotRequest> = {}): ReceiveLotRequest => ({
  lotId: 'L-1',
  processorId: 'P-1',
  grams: 1_000n,
  receivedAt: new Date('2026-03-10T08:00:00+01:00'),
  ...overrides,
});

describe('settling a receipt id', () => {
  it("keeps the client's receipt id", () => {
    expect(resolveReceiptId(aRequest({ receiptId: 'R-7', deliveryId: 'D-7' }))).toEqual({
      input: { ...aRequest({ deliveryId: 'D-7' }), receiptId: 'R-7' },
      source: 'receiptId',
    });
  });

  it('derives one id per (processor, lot, delivery), whatever was weighed, so a changed receipt of a delivery conflicts', () => {
    const first = resolveReceiptId(aRequest({ deliveryId: 'D-1' }));
    const reweighed = resolveReceiptId(
      aRequest({ deliveryId: 'D-1', grams: 999n, receivedAt: new Date('2026-03-11T08:00:00Z') }),
    );
    expect(first.source).toBe('deliveryId');
    expect(reweighed.input.receiptId).toBe(first.input.receiptId);
    expect(resolveReceiptId(aRequest({ deliveryId: 'D-2' })).input.receiptId).not.toBe(first.input.receiptId);
    expect(resolveReceiptId(aRequest({ deliveryId: 'D-1', processorId: 'P-2' })).input.receiptId).not.toBe(
      first.input.receiptId,
    );
  });

  it('derives the id of a receipt without a delivery from all of its content', () => {
    const first = resolveReceiptId(aRequest());
    expect(first.source).toBe('content');
    expect(resolveReceiptId(aRequest()).input.receiptId).toBe(first.input.receiptId);
    // The same instant written with another offset is the same receipt.
    expect(resolveReceiptId(aRequest({ receivedAt: new Date('2026-03-10T07:00:00Z') })).input.receiptId).toBe(
      first.input.receiptId,
    );
    for (const changed of [
      { grams: 1_001n },
      { lotId: 'L-2' },
      { processorId: 'P-2' },
      { receivedAt: new Date('2026-03-10T07:00:01Z') },
    ]) {
      expect(resolveReceiptId(aRequest(changed)).input.receiptId).not.toBe(first.input.receiptId);
    }
  });

  it('keeps derived ids short and recognisable, however long the inputs', () => {
    const { input } = resolveReceiptId(
      aRequest({ lotId: 'L'.repeat(128), processorId: 'P'.repeat(128), deliveryId: 'D'.repeat(128) }),
    );
    expect(input.receiptId).toMatch(/^rcpt-[0-9a-f]{32}$/);
  });

  it('keeps ids made of the same characters split differently apart', () => {
    const a = resolveReceiptId(aRequest({ processorId: 'P-1', lotId: 'L-12' }));
    const b = resolveReceiptId(aRequest({ processorId: 'P-1L', lotId: '-12' }));
    expect(a.input.receiptId).not.toBe(b.input.receiptId);
  });
});
