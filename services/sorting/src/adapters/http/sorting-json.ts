import type {
  Destination,
  LotDispatched,
  LotView,
  NodeReceivedAtCentre,
  SortingRunCompleted,
  StockLine,
} from '../../domain/index.ts';

// The JSON resources of the sorting API, with explicit key order (results come back from jsonb, which does not keep
// it). Grams stay bigints here; the app's JSON replacer writes them as numbers.

/** A receipt, as `POST /v1/sorting/receipts` and `GET /v1/sorting/receipts/{receiptId}` answer. */
export function receiptJson(receipt: NodeReceivedAtCentre): Record<string, unknown> {
  return {
    receiptId: receipt.receiptId,
    nodeId: receipt.nodeId,
    centreId: receipt.centreId,
    grams: receipt.grams,
    receivedAt: receipt.receivedAt.toISOString(),
    ...(receipt.deliveryId === undefined ? {} : { deliveryId: receipt.deliveryId }),
  };
}

/** A sorting run, as `POST /v1/sorting/runs` and `GET /v1/sorting/runs/{runId}` answer. */
export function runJson(run: SortingRunCompleted): Record<string, unknown> {
  return {
    runId: run.runId,
    centreId: run.centreId,
    inputs: run.inputs.map((input) => ({ nodeId: input.nodeId, grams: input.grams })),
    outputs: run.outputs.map((output) => ({ lotId: output.lotId, fraction: output.fraction, grams: output.grams })),
    lossGrams: run.lossGrams,
    completedAt: run.completedAt.toISOString(),
  };
}

/** A destination: `country` and `method` only where they are set. */
export function destinationJson(destination: Destination): Record<string, unknown> {
  return {
    kind: destination.kind,
    id: destination.id,
    ...(destination.country === undefined ? {} : { country: destination.country }),
    ...(destination.kind === 'disposal' ? { method: destination.method } : {}),
  };
}

/** A dispatch of a lot, as `POST /v1/sorting/lots/{lotId}/dispatches` answers and a lot lists them. */
export function dispatchJson(dispatch: LotDispatched): Record<string, unknown> {
  return {
    dispatchId: dispatch.dispatchId,
    lotId: dispatch.lotId,
    centreId: dispatch.centreId,
    grams: dispatch.grams,
    destination: destinationJson(dispatch.destination),
    ...(dispatch.transportKm === undefined ? {} : { transportKm: dispatch.transportKm }),
    dispatchedAt: dispatch.dispatchedAt.toISOString(),
  };
}

/** A lot, as `GET /v1/sorting/lots/{lotId}` answers: created grams, what its centre still holds, its dispatches. */
export function lotJson(lot: LotView): Record<string, unknown> {
  return {
    lotId: lot.lotId,
    runId: lot.runId,
    centreId: lot.centreId,
    fraction: lot.fraction,
    grams: lot.grams,
    availableGrams: lot.availableGrams,
    dispatches: lot.dispatches.map(dispatchJson),
  };
}

/** What a centre holds, as `GET /v1/sorting/centres/{centreId}/stock` answers. */
export function centreStockJson(centreId: string, stock: readonly StockLine[]): Record<string, unknown> {
  return { centreId, stock: stock.map((line) => ({ nodeId: line.nodeId, grams: line.grams })) };
}
