// Fixture builders for the sorting HTTP API: a realistic body, overridden by what the test is about.

/** When things happen in the examples (Deventer, Monday morning). */
export const MONDAY = '2026-03-02T09:00:00+01:00';

/** `POST /v1/sorting/receipts`: 10 kg of a batch arriving at Deventer. */
export function aReceiptBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { receiptId: 'R-1', nodeId: 'B-1', centreId: 'SC-DEVENTER', grams: 10_000, receivedAt: MONDAY, ...overrides };
}

/** `POST /v1/sorting/runs`: all 10 kg of `nodeId` sorted into 6 kg crème, 3.5 kg wipers and 0.5 kg loss. */
export function aRunBody(
  runId: string,
  nodeId: string,
  lotIds: readonly [string, string],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    runId,
    centreId: 'SC-DEVENTER',
    inputs: [{ nodeId, grams: 10_000 }],
    outputs: [
      { lotId: lotIds[0], fraction: 'reuse.creme', grams: 6_000 },
      { lotId: lotIds[1], fraction: 'recycling.wipers', grams: 3_500 },
    ],
    lossGrams: 500,
    completedAt: '2026-03-02T15:00:00+01:00',
    ...overrides,
  };
}

/** `POST /v1/sorting/lots/{lotId}/dispatches`: grams to a store in Deventer. */
export function aDispatchBody(
  dispatchId: string,
  grams: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    dispatchId,
    grams,
    destination: { kind: 'store', id: 'ST-DEVENTER-1' },
    transportKm: 4.2,
    dispatchedAt: '2026-03-03T08:00:00+01:00',
    ...overrides,
  };
}
