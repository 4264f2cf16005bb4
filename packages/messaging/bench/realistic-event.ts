/**
 * A value of the size and shape of a real BatchCollected event (ids, municipality, grams, timestamp) encoded as
 * protobuf-like bytes, so the benchmark moves realistic payloads.
 */
export function realisticEventValue(batchId: string, index: number): Uint8Array {
  const text = JSON.stringify({
    batchId,
    containerId: `C-GM0150-${String(index % 400).padStart(4, '0')}`,
    municipality: 'GM0150',
    grams: 180_000 + (index % 90_000),
    collectedAt: { seconds: 1_767_225_600 + index * 60, nanos: 0 },
    channel: 'street-container',
  });
  return new TextEncoder().encode(text);
}
