import type { RunCommand } from '@vezel/holder-stock';
import type { DestinationInput } from './destination.ts';

/*
 * Commands are what a client asked for, after the transport checked JSON types: ids are strings, grams are bigints,
 * times are instants, but vocabularies (fraction, destination kind, disposal method) are still plain strings. The
 * decider validates every rule of docs/domain.md and names the offending field, so HTTP and gRPC reject alike; the events
 * it returns carry the narrowed types.
 */

/**
 * `POST /v1/sorting/receipts`: grams of a node (a shipped batch or a returned lot) arrived at a centre.
 * `receiptId` is required here although the HTTP body may omit it: the domain takes ids in, so the app layer assigns
 * one before deciding.
 */
export interface ReceiveNodeAtCentre {
  readonly type: 'ReceiveNodeAtCentre';
  readonly receiptId: string;
  readonly nodeId: string;
  readonly centreId: string;
  readonly grams: bigint;
  readonly receivedAt: Date;
  /** The `shipmentId`, `dispatchId` or `returnId` this receipt closes; absent: the oldest open delivery. */
  readonly deliveryId?: string | undefined;
}

/** One lot a run creates. */
export interface RunOutputLine {
  readonly lotId: string;
  /** A sorting grade; see `FRACTIONS`. */
  readonly fraction: string;
  readonly grams: bigint;
}

/** `POST /v1/sorting/runs`: a centre sorted some of what it holds into graded lots. */
export interface CompleteSortingRun extends RunCommand<RunOutputLine> {
  readonly type: 'CompleteSortingRun';
  readonly centreId: string;
}

/**
 * `POST /v1/sorting/lots/{lotId}/dispatches`: grams of a lot leave a centre. The HTTP body names no centre, but the
 * grams leave one centre's stock, so the app layer resolves `centreId` before deciding, normally the centre whose run
 * created the lot (from the lot index it keeps for lot-id uniqueness); the event records it. A lot returned to a
 * different centre can only be dispatched from there once the contract lets the client say so.
 */
export interface DispatchLot {
  readonly type: 'DispatchLot';
  readonly dispatchId: string;
  readonly lotId: string;
  readonly centreId: string;
  readonly grams: bigint;
  readonly destination: DestinationInput;
  /** Road distance in kilometres, when known. */
  readonly transportKm?: number | undefined;
  readonly dispatchedAt: Date;
}

/** Everything a centre's stock can be asked to do. */
export type CentreStockCommand = ReceiveNodeAtCentre | CompleteSortingRun | DispatchLot;
