import { describe, expect, it } from 'vitest';
import { applyFacts, describeNode, EMPTY_LEDGER, listAnomalies, traceForward } from '../../src/domain/index.ts';
import { batchCollected, batchShipped, receivedAtCentre } from './ledger-fixtures.ts';

const collected = batchCollected({
  batchId: 'B',
  containerId: 'C',
  municipality: 'GM0150',
  grams: 10_000,
  at: '2026-01-01T08:00:00Z',
});
const hourOf = (day: number, hour: number) => `2026-01-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const ship = (shipmentId: string, grams: number, hour: number) =>
  batchShipped({ shipmentId, batchId: 'B', containerId: 'C', centreId: 'DEV', grams, at: hourOf(2, hour) });
const receive = (receiptId: string, grams: number, hour: number, deliveryId?: string) =>
  receivedAtCentre({
    receiptId,
    nodeId: 'B',
    centreId: 'DEV',
    grams,
    at: hourOf(3, hour),
    ...(deliveryId === undefined ? {} : { deliveryId }),
  });

function holdersOf(facts: Parameters<typeof applyFacts>[1]): string[] {
  return describeNode(applyFacts(EMPTY_LEDGER, facts), 'B').holders.map(
    ({ holder, grams }) => `${holder.kind} ${holder.id}: ${grams}`,
  );
}

describe('receipts against deliveries', () => {
  it('closes the oldest open delivery to the same party when a receipt names none', () => {
    // S-1 (3 000) is older than S-2 (4 000): the unnamed 2 900 g receipt closes S-1 (100 g lost), S-2 stays open.
    const facts = [collected, ship('S-1', 3_000, 8), ship('S-2', 4_000, 9), receive('R-1', 2_900, 8)];
    expect(holdersOf(facts)).toEqual(['centre DEV: 2900', 'collection C: 3000', 'in-transit S-2: 4000']);
    const { outcomes } = traceForward(applyFacts(EMPTY_LEDGER, facts), { kind: 'node', nodeId: 'B' });
    expect(outcomes.find(({ outcome }) => outcome === 'loss')?.grams).toBe(100n);
  });

  it('plays receipts in time order: a named receipt closes its delivery, a later unnamed one the oldest still open', () => {
    // R-1 (08:00) names S-2; R-2 (09:00) names none, and S-1 is the oldest delivery still open.
    const facts = [
      collected,
      ship('S-1', 3_000, 8),
      ship('S-2', 4_000, 9),
      receive('R-1', 4_000, 8, 'S-2'),
      receive('R-2', 3_000, 9),
    ];
    expect(holdersOf(facts)).toEqual(['centre DEV: 7000', 'collection C: 3000']);
    expect(listAnomalies(applyFacts(EMPTY_LEDGER, facts))).toEqual([]);
  });

  it('reports a receipt naming a delivery an earlier receipt already closed (ADR 9: one receipt per delivery)', () => {
    // R-1 (08:00) names none and closes the oldest open delivery, S-1; R-2 (09:00) names S-1 again.
    const facts = [
      collected,
      ship('S-1', 3_000, 8),
      ship('S-2', 4_000, 9),
      receive('R-1', 3_000, 8),
      receive('R-2', 3_000, 9, 'S-1'),
    ];
    const state = applyFacts(EMPTY_LEDGER, facts);
    expect(listAnomalies(state).map(({ kind, grams, message }) => [kind, grams, message])).toEqual([
      [
        'receipt-exceeds-delivery',
        3_000n,
        'receipt R-2 of 3000 g of B at centre DEV names delivery S-1, which an earlier receipt already closed',
      ],
    ]);
    expect(holdersOf(facts)).toEqual(['centre DEV: 6000', 'collection C: 3000', 'in-transit S-2: 4000']);
  });

  it('reports an unnamed receipt with no open delivery to close', () => {
    const facts = [collected, ship('S-1', 3_000, 8), receive('R-1', 3_000, 8), receive('R-2', 1_000, 9)];
    expect(listAnomalies(applyFacts(EMPTY_LEDGER, facts)).map(({ kind, grams }) => [kind, grams])).toEqual([
      ['receipt-exceeds-delivery', 1_000n],
    ]);
  });
});
