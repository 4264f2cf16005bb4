import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { create } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { describe, expect, it } from 'vitest';
import { fromProtoTimestamp } from '../src/index.ts';

describe('fromProtoTimestamp', () => {
  it('reads a timestamp as a Date', () => {
    expect(fromProtoTimestamp(timestampFromMs(Date.UTC(2026, 2, 1, 9)), 'soldAt').toISOString()).toBe(
      '2026-03-01T09:00:00.000Z',
    );
  });

  it('rejects a missing timestamp naming the field', () => {
    expect(() => fromProtoTimestamp(undefined, 'soldAt')).toThrow(
      expect.objectContaining({ field: 'soldAt', kind: 'InvalidInput' }),
    );
  });

  it('rejects a timestamp no Date can hold as invalid input, not an internal error', () => {
    const farFuture = create(TimestampSchema, { seconds: 10n ** 15n });
    expect(() => fromProtoTimestamp(farFuture, 'receivedAt')).toThrow(
      expect.objectContaining({ field: 'receivedAt', kind: 'InvalidInput' }),
    );
    // Before 4713 BC PostgreSQL refuses the time; protobuf's own range starts at year 1.
    const beforeYearOne = create(TimestampSchema, { seconds: -283_000_000_000n });
    expect(() => fromProtoTimestamp(beforeYearOne, 'collectedAt')).toThrow(
      expect.objectContaining({ field: 'collectedAt', kind: 'InvalidInput' }),
    );
  });
});
