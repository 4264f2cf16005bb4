import type { Db } from '@vezel/db';
import { ConflictError, NotFoundError } from '@vezel/errors';
import { executeCommand, type CommandOutcome, type ExecuteCommandOptions, type RetryPolicy } from '@vezel/service-kit';
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
import type { RecordedProduct, RecyclingRecords, RecyclingStores, ToOutboxMessage } from './recycling-ports.ts';
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

/** What the application needs from the outside. */
export interface RecyclingApplicationDependencies {
  readonly db: Db;
  readonly stores: RecyclingStores;
  readonly records: RecyclingRecords;
  readonly toMessage: ToOutboxMessage;
  readonly clock?: () => Date;
  readonly retry?: RetryPolicy;
}

/** Wires the command definitions to `executeCommand` and the stores and records to the queries. */
export function createRecyclingApplication(dependencies: RecyclingApplicationDependencies): RecyclingApplication {
  const { db, stores, records, toMessage } = dependencies;
  const options: ExecuteCommandOptions = {
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
    ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
  };
  const receiveWithClientId = receiveLotAtProcessorCommand(stores, toMessage, 'receiptId');
  const receiveWithDeliveryId = receiveLotAtProcessorCommand(stores, toMessage, 'deliveryId');
  const completeRun = completeProcessingRunCommand(stores, toMessage);
  const dispose = disposeNodeCommand(stores, toMessage);

  /** The recorded fact, or a 404 naming the id field. */
  async function found<T>(
    id: string,
    field: string,
    what: string,
    find: (id: string) => Promise<T | undefined>,
  ): Promise<T> {
    requireId(id, field);
    const fact = await find(id);
    if (fact === undefined) throw new NotFoundError(`${what} ${id} has not been recorded`, { field });
    return fact;
  }

  return {
    async receiveLot(request) {
      const { input, source } = resolveReceiptId(request);
      if (source !== 'deliveryId') {
        return executeCommand(db, receiveWithClientId, input, options);
      }
      try {
        return await executeCommand(db, receiveWithDeliveryId, input, options);
      } catch (error) {
        // The runner's 409 would name the derived id as if the client had sent it; say what was actually reused.
        if (error instanceof ConflictError && error.field === 'deliveryId') {
          throw new ConflictError(
            `delivery ${input.deliveryId ?? ''} of lot ${input.lotId} was already received at processor ` +
              `${input.processorId} (receipt ${input.receiptId}) with another body; a delivery is closed by one receipt`,
            {
              field: 'deliveryId',
              details: { deliveryId: input.deliveryId, receiptId: input.receiptId },
              cause: error,
            },
          );
        }
        throw error;
      }
    },
    completeProcessingRun: (input) => executeCommand(db, completeRun, input, options),
    disposeNode: (input) => executeCommand(db, dispose, input, options),
    getReceipt: (receiptId) => found(receiptId, 'receiptId', 'receipt', (id) => records.findReceipt(db, id)),
    getRun: (runId) => found(runId, 'runId', 'processing run', (id) => records.findRun(db, id)),
    getDisposal: (disposalId) => found(disposalId, 'disposalId', 'disposal', (id) => records.findDisposal(db, id)),
    getProduct: (productId) => found(productId, 'productId', 'product', (id) => records.findProduct(db, id)),
    async getProcessorStock(processorId) {
      requireId(processorId, 'processorId');
      const loaded = await stores.stock.load(db, processorId);
      return { processorId, stock: loaded === undefined ? [] : listHeldNodes(loaded.state) };
    },
  };
}
