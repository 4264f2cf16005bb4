import { describe, expect, it } from 'vitest';
import type { ReceiveNodeAtCentreInput } from '../../src/app/receive-node-at-centre.ts';
import { resolveReceiptId } from '../../src/app/resolve-receipt-id.ts';

const aReceipt = (overrides: Partial<ReceiveNodeAtCentreInput> = {}): ReceiveNodeAtCentreInput => ({
  nodeId: 'B-1',
  centreId: 'SC-DEVENTER',
  grams: 10_000n,
  receivedAt: new Date('2026-03-02T09:00:00+01:00'),
  ...overrides,
});

describe('the id of a receipt', () => {
  it("is the client's receiptId when it sends one", () => {
    expect(resolveReceiptId(aReceipt({ receiptId: 'R-1', deliveryId: 'S-1' }))).toEqual({ receiptId: 'R-1' });
  });

  it('is derived from the delivery, the node and the centre, whatever the figures, when there is a delivery', () => {
    const derived = resolveReceiptId(aReceipt({ deliveryId: 'S-1' }));
    expect(derived).toEqual({
      receiptId: expect.stringMatching(/^rcpt-[0-9a-f]{32}$/) as unknown,
      derivedFrom: 'deliveryId',
    });
    expect(resolveReceiptId(aReceipt({ deliveryId: 'S-1', grams: 9_000n })).receiptId).toBe(derived.receiptId);
    expect(resolveReceiptId(aReceipt({ deliveryId: 'S-2' })).receiptId).not.toBe(derived.receiptId);
    expect(resolveReceiptId(aReceipt({ deliveryId: 'S-1', centreId: 'SC-SNEEK' })).receiptId).not.toBe(
      derived.receiptId,
    );
  });

  it('is derived from every figure of the body when there is no delivery', () => {
    const derived = resolveReceiptId(aReceipt());
    expect(derived.derivedFrom).toBe('body');
    expect(resolveReceiptId(aReceipt()).receiptId).toBe(derived.receiptId);
    // The same instant written with another offset is the same receipt.
    expect(resolveReceiptId(aReceipt({ receivedAt: new Date('2026-03-02T08:00:00Z') })).receiptId).toBe(
      derived.receiptId,
    );
    for (const other of [
      { grams: 10_001n },
      { nodeId: 'B-2' },
      { centreId: 'SC-SNEEK' },
      { receivedAt: new Date('2026-03-02T08:00:01Z') },
    ]) {
      expect(resolveReceiptId(aReceipt(other)).receiptId).not.toBe(derived.receiptId);
    }
  });

  it('is not fooled by ids that run into each other', () => {
    expect(resolveReceiptId(aReceipt({ nodeId: 'B-1', centreId: 'SC' })).receiptId).not.toBe(
      resolveReceiptId(aReceipt({ nodeId: 'B-1S', centreId: 'C' })).receiptId,
    );
  });

  it('leaves an invalid time to the decider instead of failing on it', () => {
    expect(resolveReceiptId(aReceipt({ receivedAt: new Date('garbage') })).receiptId).toMatch(/^rcpt-/);
  });
});
