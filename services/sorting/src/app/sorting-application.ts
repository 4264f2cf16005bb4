import { blameReusedDelivery, commandRunnerOf, requireRecordedFact, type CommandOutcome } from '@vezel/service-kit';
import type { LotDispatched, LotView, NodeReceivedAtCentre, SortingRunCompleted, StockLine } from '../domain/index.ts';
import { requireId } from '@vezel/chain-rules';
import { completeSortingRunCommand, type CompleteSortingRunInput } from './complete-sorting-run.ts';
import { dispatchLotCommand, type DispatchLotInput } from './dispatch-lot.ts';
import { receiveNodeAtCentreCommand, type ReceiveNodeAtCentreInput } from './receive-node-at-centre.ts';
import { rejectInvalidInput } from './reject-invalid-input.ts';
import { resolveDispatchingCentre } from './resolve-dispatching-centre.ts';
import { resolveReceiptId } from './resolve-receipt-id.ts';
import type { SortingApplicationDependencies } from './sorting-ports.ts';

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

/**
 * Wires the command definitions to `executeCommand` and the queries to the GETs. Every command is first checked for
 * input that can never be valid (`rejectInvalidInput`), so such a request is a 400 before anything is read, even
 * when its id was used before.
 */
export function createSortingApplication(dependencies: SortingApplicationDependencies): SortingApplication {
  const { db, stores, queries, toMessage } = dependencies;
  const run = commandRunnerOf(dependencies);
  const receiveNodeAtCentre = receiveNodeAtCentreCommand(stores, toMessage);
  const completeSortingRun = completeSortingRunCommand(stores, queries, toMessage);
  const dispatchLot = dispatchLotCommand(stores, toMessage);
  return {
    async receiveNodeAtCentre(input) {
      const { receiptId, derivedFrom } = resolveReceiptId(input);
      rejectInvalidInput({ type: 'ReceiveNodeAtCentre', ...input, receiptId });
      const receipt = { ...input, receiptId };
      return blameReusedDelivery({ ...receipt, idFromDelivery: derivedFrom === 'deliveryId' }, () =>
        run(receiveNodeAtCentre, receipt),
      );
    },
    async completeSortingRun(input) {
      rejectInvalidInput({ type: 'CompleteSortingRun', ...input });
      return run(completeSortingRun, input);
    },
    async dispatchLot(input) {
      // The centre is not known before the look-up; any valid id other than the destination's stands in for it (it
      // is never stored, and cannot trip the "a centre cannot dispatch to itself" rule).
      const standIn = input.destination.id === 'unknown' ? 'unknown-centre' : 'unknown';
      rejectInvalidInput({ type: 'DispatchLot', ...input, centreId: standIn });
      const centreId = await resolveDispatchingCentre(db, queries, input.lotId);
      return run(dispatchLot, { ...input, centreId });
    },
    getReceipt: (receiptId) =>
      requireRecordedFact('receiptId', receiptId, 'receipt', (id) => queries.findReceipt(db, id)),
    getRun: (runId) => requireRecordedFact('runId', runId, 'sorting run', (id) => queries.findRun(db, id)),
    getLot: (lotId) => requireRecordedFact('lotId', lotId, 'lot', (id) => queries.findLot(db, id)),
    async getCentreStock(centreId) {
      requireId(centreId, 'centreId');
      return queries.centreStock(db, centreId);
    },
  };
}
