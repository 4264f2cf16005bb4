// Fixture builders for HTTP bodies: a valid request, overridden by what the test is about. Processor P-1 receives
// 1 000 g of a lot; the default run turns it into 900 g of recycled fibre with 100 g lost.

/** `POST /v1/recycling/receipts`. */
export function aReceiptBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { lotId: 'L-1', processorId: 'P-1', grams: 1_000, receivedAt: '2026-03-10T08:00:00+01:00', ...overrides };
}

/** `POST /v1/recycling/runs`: by default consumes all 1 000 g of `lotId`. */
export function aRunBody(
  runId: string,
  lotId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    runId,
    processorId: 'P-1',
    inputs: [{ nodeId: lotId, grams: 1_000 }],
    outputs: [
      { productId: `PROD-${runId}`, outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 900 },
    ],
    lossGrams: 100,
    completedAt: '2026-03-11T17:00:00+01:00',
    ...overrides,
  };
}

/** `POST /v1/recycling/disposals`. */
export function aDisposalBody(
  disposalId: string,
  nodeId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    disposalId,
    processorId: 'P-1',
    nodeId,
    grams: 1_000,
    method: 'energy-recovery',
    disposedAt: '2026-03-12T09:00:00+01:00',
    ...overrides,
  };
}
