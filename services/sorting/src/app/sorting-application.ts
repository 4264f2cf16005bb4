import type { Db } from '@vezel/db';
import { ConflictError, NotFoundError, isDomainError } from '@vezel/errors';
import { executeCommand, type CommandOutcome, type ExecuteCommandOptions, type RetryPolicy } from '@vezel/service-kit';
import type { LotDispatched, LotView, NodeReceivedAtCentre, SortingRunCompleted, StockLine } from '../domain/index.ts';
import { requireId } from '@vezel/chain-rules';
import { completeSortingRunCommand, type CompleteSortingRunInput } from './complete-sorting-run.ts';
import { dispatchLotCommand, type DispatchLotInput } from './dispatch-lot.ts';
import { receiveNodeAtCentreCommand, type ReceiveNodeAtCentreInput } from './receive-node-at-centre.ts';
import { rejectInvalidInput } from './reject-invalid-input.ts';
import { resolveDispatchingCentre } from './resolve-dispatching-centre.ts';
import { resolveReceiptId } from './resolve-receipt-id.ts';
import type { SortingQueries, SortingStores, ToOutboxMessage } from './sorting-ports.ts';

/** The sorting service's use cases; HTTP and gRPC both call these, so both behave identically. */
export interface SortingApplication {
  /** Records a receipt; without a `receiptId` one is derived from the body (see `resolveReceiptId`). */
  receiveNodeAtCentre(input: ReceiveNodeAtCentreInput): Promise<CommandOutcome<NodeReceivedAtCentre>>;
  completeSortingRun(input: CompleteSortingRunInput): Promise<CommandOutcome<SortingRunCompleted>>;
  /** Dispatches from the centre whose run created the lot. */
  dispatchLot(input: DispatchLotInput): Promise<CommandOutcome<LotDispatched>>;
  /** The receipt; `NotFoundError` naming `receiptId` when there is none. */
  getReceipt(receiptId: string): Promise<NodeReceivedAtCentre>;
  /** The run; `NotFoundError` naming `runId` when there is none. */
  getRun(runId: string): Promise<SortingRunCompleted>;
  /** The lot with its dispatches and available grams; `NotFoundError` naming `lotId` when no run created it. */
  getLot(lotId: string): Promise<LotView>;
  /** What the centre holds (nodes with grams > 0, by node id); an unknown centre holds nothing. */
  getCentreStock(centreId: string): Promise<readonly StockLine[]>;
}

/** What the application needs from the outside. */
export interface SortingApplicationDependencies {
  readonly db: Db;
  readonly stores: SortingStores;
  readonly queries: SortingQueries;
  readonly toMessage: ToOutboxMessage;
  readonly clock?: () => Date;
  readonly retry?: RetryPolicy;
}

/**
 * Wires the command definitions to `executeCommand` and the queries to the GETs. Every command is first checked for
 * input that can never be valid (`rejectInvalidInput`), so such a request is a 400 before anything is read, even
 * when its id was used before.
 */
export function createSortingApplication(dependencies: SortingApplicationDependencies): SortingApplication {
  const { db, stores, queries, toMessage } = dependencies;
  const options: ExecuteCommandOptions = {
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
    ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
  };
  const receiveNodeAtCentre = receiveNodeAtCentreCommand(stores, toMessage);
  const completeSortingRun = completeSortingRunCommand(stores, queries, toMessage);
  const dispatchLot = dispatchLotCommand(stores, toMessage);
  return {
    async receiveNodeAtCentre(input) {
      const { receiptId, derivedFrom } = resolveReceiptId(input);
      rejectInvalidInput({ type: 'ReceiveNodeAtCentre', ...input, receiptId });
      try {
        return await executeCommand(db, receiveNodeAtCentre, { ...input, receiptId }, options);
      } catch (error) {
        // The client sent no receiptId, so a 409 naming it would point at nothing they can change.
        if (
          derivedFrom === 'deliveryId' &&
          isDomainError(error) &&
          error.kind === 'Conflict' &&
          error.field === 'receiptId'
        ) {
          throw new ConflictError(
            `delivery ${input.deliveryId} of node ${input.nodeId} was already received at centre ${input.centreId} ` +
              'with other figures; send a receiptId to record a second receipt of it',
            { field: 'deliveryId', details: { deliveryId: input.deliveryId, receiptId }, cause: error },
          );
        }
        throw error;
      }
    },
    async completeSortingRun(input) {
      rejectInvalidInput({ type: 'CompleteSortingRun', ...input });
      return executeCommand(db, completeSortingRun, input, options);
    },
    async dispatchLot(input) {
      // The centre is not known before the look-up; any valid id other than the destination's stands in for it (it
      // is never stored, and cannot trip the "a centre cannot dispatch to itself" rule).
      const standIn = input.destination.id === 'unknown' ? 'unknown-centre' : 'unknown';
      rejectInvalidInput({ type: 'DispatchLot', ...input, centreId: standIn });
      const centreId = await resolveDispatchingCentre(db, queries, input.lotId);
      return executeCommand(db, dispatchLot, { ...input, centreId }, options);
    },
    async getReceipt(receiptId) {
      requireId(receiptId, 'receiptId');
      const receipt = await queries.findReceipt(db, receiptId);
      if (receipt === undefined) throw new NotFoundError(`there is no receipt ${receiptId}`, { field: 'receiptId' });
      return receipt;
    },
    async getRun(runId) {
      requireId(runId, 'runId');
      const run = await queries.findRun(db, runId);
      if (run === undefined) throw new NotFoundError(`there is no sorting run ${runId}`, { field: 'runId' });
      return run;
    },
    async getLot(lotId) {
      requireId(lotId, 'lotId');
      const lot = await queries.findLot(db, lotId);
      if (lot === undefined) throw new NotFoundError(`no sorting run created lot ${lotId}`, { field: 'lotId' });
      return lot;
    },
    async getCentreStock(centreId) {
      requireId(centreId, 'centreId');
      return queries.centreStock(db, centreId);
    },
  };
}
