import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { BatchCollectedSchema } from '@vezel/contracts';

/** A real BatchCollected event (protobuf binary), as the collection service publishes it. */
export function realisticEventValue(batchId: string, index: number): Uint8Array {
  return toBinary(
    BatchCollectedSchema,
    create(BatchCollectedSchema, {
      batchId,
      containerId: `C-GM0150-${String(index % 400).padStart(4, '0')}`,
      municipality: 'GM0150',
      grams: BigInt(180_000 + (index % 90_000)),
      collectedAt: timestampFromMs(Date.UTC(2026, 0, 1) + index * 60_000),
    }),
  );
}
