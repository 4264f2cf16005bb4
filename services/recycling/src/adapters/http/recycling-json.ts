import type { ProcessorStockView } from '../../app/recycling-application.ts';
import type { RecordedProduct } from '../../app/recycling-ports.ts';
import type { LotReceivedByProcessor, NodeDisposed, ProcessingRunCompleted } from '../../domain/index.ts';
import { processingRunLines } from '../processing-run-lines.ts';

// The JSON resources of the recycling API, with explicit key order (stored results come back from jsonb with keys
// reordered). Grams stay bigints here; the app's JSON replacer writes them as numbers.

/** A receipt, as `POST /v1/recycling/receipts` and `GET /v1/recycling/receipts/{receiptId}` answer. */
export function receiptJson(receipt: Omit<LotReceivedByProcessor, 'type'>): Record<string, unknown> {
  return {
    receiptId: receipt.receiptId,
    lotId: receipt.lotId,
    processorId: receipt.processorId,
    grams: receipt.grams,
    receivedAt: receipt.receivedAt.toISOString(),
    ...(receipt.deliveryId === undefined ? {} : { deliveryId: receipt.deliveryId }),
  };
}

/** A processing run with its inputs (in command order) and products. */
export function runJson(run: Omit<ProcessingRunCompleted, 'type'>): Record<string, unknown> {
  return {
    runId: run.runId,
    processorId: run.processorId,
    ...processingRunLines(run),
    lossGrams: run.lossGrams,
    completedAt: run.completedAt.toISOString(),
  };
}

/** A disposal. */
export function disposalJson(disposal: Omit<NodeDisposed, 'type'>): Record<string, unknown> {
  return {
    disposalId: disposal.disposalId,
    processorId: disposal.processorId,
    nodeId: disposal.nodeId,
    grams: disposal.grams,
    method: disposal.method,
    disposedAt: disposal.disposedAt.toISOString(),
  };
}

/** A product: a terminal node, with the run and processor that made it. */
export function productJson(product: RecordedProduct): Record<string, unknown> {
  return {
    productId: product.productId,
    outcome: product.outcome,
    productKind: product.productKind,
    grams: product.grams,
    runId: product.runId,
    processorId: product.processorId,
    completedAt: product.completedAt.toISOString(),
  };
}

/** What a processor holds now. */
export function processorStockJson(view: ProcessorStockView): Record<string, unknown> {
  return {
    processorId: view.processorId,
    stock: view.stock.map((line) => ({ nodeId: line.nodeId, grams: line.grams })),
  };
}
