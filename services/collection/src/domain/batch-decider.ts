import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { addGrams, subtractGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';
import type { RegisteredContainer } from './container-decider.ts';
import type { BatchCollected, BatchShipped } from '@vezel/chain-events';
import { requireId, requireInstant, requirePositiveGrams } from '@vezel/chain-rules';

/** Record a batch collected from a container. */
export interface CollectBatch {
  readonly type: 'CollectBatch';
  readonly batchId: string;
  readonly containerId: string;
  readonly grams: Grams;
  readonly collectedAt: Date;
  /** The container as registered, looked up by the handler; `undefined` when it is not registered. */
  readonly container: RegisteredContainer | undefined;
}

/** Ship grams of a batch to a sorting centre. */
export interface ShipBatch {
  readonly type: 'ShipBatch';
  readonly shipmentId: string;
  readonly batchId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly transportKm?: number;
  readonly shippedAt: Date;
}

/** Every command a batch decides. */
export type BatchCommand = CollectBatch | ShipBatch;

export type { BatchCollected, BatchShipped };

/** Every event of a batch. */
export type BatchEvent = BatchCollected | BatchShipped;

/** One shipment of a batch. */
export interface Shipment {
  readonly shipmentId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly transportKm?: number;
  readonly shippedAt: Date;
}

/** A batch that has been collected, with its shipments so far. */
export interface CollectedBatch {
  readonly batchId: string;
  readonly containerId: string;
  readonly municipality: string;
  readonly grams: Grams;
  readonly collectedAt: Date;
  /** Oldest first. */
  readonly shipments: readonly Shipment[];
  /** The sum of the shipments' grams; never more than `grams`. */
  readonly shippedGrams: Grams;
}

/** A batch before and after collection. */
export type BatchState = { readonly status: 'none' } | ({ readonly status: 'collected' } & CollectedBatch);

/** The state of a batch id nobody has collected. */
export function initialBatchState(): BatchState {
  return { status: 'none' };
}

/** Grams of a batch not shipped yet: collected minus shipped, never negative. */
export function unshippedGrams(batch: CollectedBatch): Grams {
  return subtractGrams(batch.grams, batch.shippedGrams);
}

/** Decides a batch command: the events it causes, or a domain error. */
export function decideBatch(command: BatchCommand, state: BatchState): readonly BatchEvent[] {
  switch (command.type) {
    case 'CollectBatch':
      return collectBatch(command, state);
    case 'ShipBatch':
      return shipBatch(command, state);
    default:
      return unknownCommand(command);
  }
}

/** Folds a batch event into its state. */
export function evolveBatch(state: BatchState, event: BatchEvent): BatchState {
  switch (event.type) {
    case 'BatchCollected':
      return {
        status: 'collected',
        batchId: event.batchId,
        containerId: event.containerId,
        municipality: event.municipality,
        grams: event.grams,
        collectedAt: event.collectedAt,
        shipments: [],
        shippedGrams: ZERO_GRAMS,
      };
    case 'BatchShipped': {
      // Events are facts already decided; a shipment of an uncollected batch can only be a programming error.
      if (state.status !== 'collected')
        throw new Error(`BatchShipped for batch ${event.batchId}, which was not collected`);
      const shipment: Shipment = {
        shipmentId: event.shipmentId,
        centreId: event.centreId,
        grams: event.grams,
        ...(event.transportKm === undefined ? {} : { transportKm: event.transportKm }),
        shippedAt: event.shippedAt,
      };
      return {
        ...state,
        shipments: [...state.shipments, shipment],
        shippedGrams: addGrams(state.shippedGrams, event.grams),
      };
    }
    default:
      return unknownEvent(event);
  }
}

/** The batch aggregate, in the shape `executeCommand` and the given/when/then tests take. */
export const batchDecider = {
  decide: decideBatch,
  evolve: evolveBatch,
  initialState: initialBatchState,
};

function collectBatch(command: CollectBatch, state: BatchState): readonly BatchEvent[] {
  requireId(command.batchId, 'batchId');
  requireId(command.containerId, 'containerId');
  requirePositiveGrams(command.grams, 'grams');
  requireInstant(command.collectedAt, 'collectedAt');
  if (command.container === undefined || command.container.containerId !== command.containerId) {
    throw new NotFoundError(
      `container ${command.containerId} is not registered: register it before collecting from it`,
      {
        field: 'containerId',
        details: { containerId: command.containerId },
      },
    );
  }
  if (state.status === 'collected') {
    throw new ConflictError(`batch ${command.batchId} has already been collected`, {
      field: 'batchId',
      details: { batchId: command.batchId },
    });
  }
  return [
    {
      type: 'BatchCollected',
      batchId: command.batchId,
      containerId: command.containerId,
      municipality: command.container.municipality,
      grams: command.grams,
      collectedAt: command.collectedAt,
    },
  ];
}

function shipBatch(command: ShipBatch, state: BatchState): readonly BatchEvent[] {
  requireId(command.shipmentId, 'shipmentId');
  requireId(command.batchId, 'batchId');
  requireId(command.centreId, 'centreId');
  requirePositiveGrams(command.grams, 'grams');
  requireInstant(command.shippedAt, 'shippedAt');
  if (command.transportKm !== undefined && !(Number.isFinite(command.transportKm) && command.transportKm >= 0)) {
    throw new InvalidInputError('must be a non-negative number of kilometres', { field: 'transportKm' });
  }
  if (state.status !== 'collected') {
    throw new NotFoundError(`batch ${command.batchId} has not been collected`, {
      field: 'batchId',
      details: { batchId: command.batchId },
    });
  }
  if (state.shipments.some((shipment) => shipment.shipmentId === command.shipmentId)) {
    throw new ConflictError(`shipment ${command.shipmentId} of batch ${command.batchId} already exists`, {
      field: 'shipmentId',
      details: { shipmentId: command.shipmentId },
    });
  }
  const available = unshippedGrams(state);
  if (command.grams > available) {
    throw new MassNotConservedError(
      `cannot ship ${command.grams} g of batch ${command.batchId}: only ${available} g of it are unshipped`,
      {
        field: 'grams',
        details: { batchId: command.batchId, requestedGrams: command.grams, unshippedGrams: available },
      },
    );
  }
  return [
    {
      type: 'BatchShipped',
      shipmentId: command.shipmentId,
      batchId: command.batchId,
      containerId: state.containerId,
      centreId: command.centreId,
      grams: command.grams,
      ...(command.transportKm === undefined ? {} : { transportKm: command.transportKm }),
      shippedAt: command.shippedAt,
    },
  ];
}

function unknownCommand(command: never): never {
  throw new Error(`unknown batch command ${String((command as { type?: unknown }).type)}`);
}

function unknownEvent(event: never): never {
  throw new Error(`unknown batch event ${String((event as { type?: unknown }).type)}`);
}
