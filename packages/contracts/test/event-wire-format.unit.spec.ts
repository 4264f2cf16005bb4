import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { anyPack, anyUnpack, timestampFromDate } from '@bufbuild/protobuf/wkt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchCollectedSchema,
  DestinationKind,
  LotDispatchedSchema,
  NodeHistoryEntrySchema,
  SortingRunCompletedSchema,
  eventRegistry,
  findEventSchema,
} from '../src/index.ts';
import type { SortingRunCompleted } from '../src/index.ts';

const twoToThe31 = 2n ** 31n;

/**
 * A quarter of sorting at one large centre, booked as one mass-balance run: about 2,600 tonnes, a typical split
 * (reuse ~54 %, wipers ~16 %, recycling ~16 %, residual ~8 %, the rest lost), far beyond what an int32 holds.
 */
function aQuarterlySortingRun(): SortingRunCompleted {
  return create(SortingRunCompletedSchema, {
    runId: 'SR-DEV-2026-Q1',
    centreId: 'C-DEVENTER',
    inputs: [
      { nodeId: 'B-2026-000123', grams: 1_300_000_061n },
      { nodeId: 'B-2026-000124', grams: 1_300_000_062n },
    ],
    outputs: [
      { lotId: 'L-2026-0001', fraction: 'reuse.creme', grams: 1_404_000_000n },
      { lotId: 'L-2026-0002', fraction: 'recycling.wipers', grams: 416_000_000n },
      { lotId: 'L-2026-0003', fraction: 'recycling.fibre-to-fibre', grams: 416_000_000n },
      { lotId: 'L-2026-0004', fraction: 'residual.textile', grams: 208_000_000n },
    ],
    lossGrams: 156_000_123n,
    completedAt: timestampFromDate(new Date('2026-03-31T17:45:00+02:00')),
  });
}

const sumGrams = (parts: ReadonlyArray<{ grams: bigint }>) => parts.reduce((sum, part) => sum + part.grams, 0n);

describe('events on the wire', () => {
  it('round-trips a sorting run whose int64 grams exceed 2^31 exactly, as bigint', () => {
    const run = aQuarterlySortingRun();
    const totalIn = sumGrams(run.inputs);
    expect(totalIn).toBeGreaterThan(twoToThe31);
    expect(totalIn).toBe(sumGrams(run.outputs) + run.lossGrams);

    const decoded = fromBinary(SortingRunCompletedSchema, toBinary(SortingRunCompletedSchema, run));

    expect(decoded).toEqual(run);
    expect(typeof decoded.lossGrams).toBe('bigint');
    expect(sumGrams(decoded.inputs)).toBe(2_600_000_123n);
  });

  it('decodes a record value through the schema its ce_type header resolves to', () => {
    const run = aQuarterlySortingRun();
    const value = toBinary(SortingRunCompletedSchema, run);
    const schema = findEventSchema('vezel.sorting.v1.SortingRunCompleted');
    expect(schema).toBeDefined();

    expect(fromBinary(schema!, value)).toEqual(run);
  });

  it('keeps an optional field that was not given absent, and one that was given present', () => {
    const toExporter = create(LotDispatchedSchema, {
      dispatchId: 'D-2026-0042',
      lotId: 'L-2026-0001',
      centreId: 'C-DEVENTER',
      grams: 2_500_000_000n,
      destination: { kind: DestinationKind.EXPORTER, id: 'EXP-TEXAID', country: 'PL' },
      dispatchedAt: timestampFromDate(new Date('2026-04-02T08:00:00Z')),
    });

    const decoded = fromBinary(LotDispatchedSchema, toBinary(LotDispatchedSchema, toExporter));

    expect(decoded.transportKm).toBeUndefined();
    expect(decoded.destination?.country).toBe('PL');
    const withZeroKm = create(LotDispatchedSchema, { ...toExporter, transportKm: 0 });
    expect(fromBinary(LotDispatchedSchema, toBinary(LotDispatchedSchema, withZeroKm)).transportKm).toBe(0);
  });

  it('round-trips any int64 gram count of a batch, up to 2^63 - 1', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), (grams) => {
        const batch = create(BatchCollectedSchema, {
          batchId: 'B-2026-000123',
          containerId: 'CT-GM0150-0007',
          municipality: 'GM0150',
          grams,
        });
        expect(fromBinary(BatchCollectedSchema, toBinary(BatchCollectedSchema, batch)).grams).toBe(grams);
      }),
    );
  });

  it('unpacks an event carried in a node history entry with the event registry', () => {
    const run = aQuarterlySortingRun();
    const entry = create(NodeHistoryEntrySchema, {
      eventId: '01966b1e-7c00-7000-8000-000000000001',
      eventType: run.$typeName,
      grams: 1_300_000_061n,
      event: anyPack(SortingRunCompletedSchema, run),
    });

    const decoded = fromBinary(NodeHistoryEntrySchema, toBinary(NodeHistoryEntrySchema, entry));

    expect(anyUnpack(decoded.event!, eventRegistry)).toEqual(run);
  });
});
