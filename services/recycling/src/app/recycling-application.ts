import { blameReusedDelivery, commandRunnerOf, requireRecordedFact, type CommandOutcome } from '@vezel/service-kit';
import {
  listHeldNodes,
  requireId,
  type HeldNode,
  type LotReceivedByProcessor,
  type NodeDisposed,
  type ProcessingRunCompleted,
} from '../domain/index.ts';
import { completeProcessingRunCommand, type CompleteProcessingRunInput } from './complete-processing-run.ts';
import { disposeNodeCommand, type DisposeNodeInput } from './dispose-node.ts';
import { receiveLotAtProcessorCommand } from './receive-lot-at-processor.ts';
import type { RecordedProduct, RecyclingApplicationDependencies } from './recycling-ports.ts';
import { resolveReceiptId, type ReceiveLotRequest } from './resolve-receipt-id.ts';

/** What a processor holds now: only nodes with grams left, by node id. An unknown processor holds nothing. */
export interface ProcessorStockView {
  readonly processorId: string;
  readonly stock: readonly HeldNode[];
}

/** The recycling service's use cases; HTTP and gRPC both call these, so both behave identically. */
export interface RecyclingApplication {
  /** Records a receipt; without a `receiptId` one is derived (see `resolveReceiptId`) and returned in the event. */
  receiveLot(request: ReceiveLotRequest): Promise<CommandOutcome<LotReceivedByProcessor>>;
  completeProcessingRun(input: CompleteProcessingRunInput): Promise<CommandOutcome<ProcessingRunCompleted>>;
  disposeNode(input: DisposeNodeInput): Promise<CommandOutcome<NodeDisposed>>;
  /** `NotFoundError` naming `receiptId` when there is no such receipt. */
  getReceipt(receiptId: string): Promise<Omit<LotReceivedByProcessor, 'type'>>;
  /** `NotFoundError` naming `runId` when there is no such run. */
  getRun(runId: string): Promise<Omit<ProcessingRunCompleted, 'type'>>;
  /** `NotFoundError` naming `disposalId` when there is no such disposal. */
  getDisposal(disposalId: string): Promise<Omit<NodeDisposed, 'type'>>;
  /** `NotFoundError` naming `productId` when no run made it. */
  getProduct(productId: string): Promise<RecordedProduct>;
  getProcessorStock(processorId: string): Promise<ProcessorStockView>;
}

/** Wires the command definitions to `executeCommand` and the stores and records to the queries. */
export function createRecyclingApplication(dependencies: RecyclingApplicationDependencies): RecyclingApplication {
  const { db, stores, records, toMessage } = dependencies;
  const run = commandRunnerOf(dependencies);
  const receiveLot = receiveLotAtProcessorCommand(stores, toMessage);
  const completeRun = completeProcessingRunCommand(stores, toMessage);
  const dispose = disposeNodeCommand(stores, toMessage);

  return {
    receiveLot(request) {
      const { input, source } = resolveReceiptId(request);
      return blameReusedDelivery({ ...input, idFromDelivery: source === 'deliveryId' }, () => run(receiveLot, input));
    },
    completeProcessingRun: (input) => run(completeRun, input),
    disposeNode: (input) => run(dispose, input),
    getReceipt: (receiptId) =>
      requireRecordedFact('receiptId', receiptId, 'receipt', (id) => records.findReceipt(db, id)),
    getRun: (runId) => requireRecordedFact('runId', runId, 'processing run', (id) => records.findRun(db, id)),
    getDisposal: (disposalId) =>
      requireRecordedFact('disposalId', disposalId, 'disposal', (id) => records.findDisposal(db, id)),
    getProduct: (productId) =>
      requireRecordedFact('productId', productId, 'product', (id) => records.findProduct(db, id)),
    async getProcessorStock(processorId) {
      requireId(processorId, 'processorId');
      const loaded = await stores.stock.load(db, processorId);
      return { processorId, stock: loaded === undefined ? [] : listHeldNodes(loaded.state) };
    },
  };
}
