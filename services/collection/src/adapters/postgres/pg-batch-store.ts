import type { Transaction } from '@vezel/db';
import { toGrams, type Grams } from '@vezel/grams';
import { VersionConflictError, type AggregateChange, type AggregateStore } from '@vezel/service-kit';
import type { BatchEvent, BatchShipped, BatchState, Shipment } from '../../domain/batch-decider.ts';

interface BatchRow {
  batch_id: string;
  container_id: string;
  municipality: string;
  grams: bigint;
  collected_at: Date;
  shipped_grams: bigint;
  version: number;
}

interface ShipmentRow {
  shipment_id: string;
  centre_id: string;
  grams: bigint;
  transport_km: number | null;
  shipped_at: Date;
}

/**
 * Batches in `batches`, their shipments in `shipments`. The batch row carries the version and the running total
 * of shipped grams; shipments are append-only rows written from the BatchShipped events of each save.
 */
export function createPgBatchStore(): AggregateStore<BatchState, BatchEvent> {
  return {
    async load(queryable, id, options = {}) {
      // The batch row carries the version: locking it queues racing commands on this batch (shipments included).
      const batches = await queryable.query<BatchRow>(
        `select batch_id, container_id, municipality, grams, collected_at, shipped_grams, version
           from batches where batch_id = $1${options.forUpdate === true ? ' for update' : ''}`,
        [id],
      );
      const row = batches.rows[0];
      if (row === undefined) return undefined;
      const shipments = await queryable.query<ShipmentRow>(
        `select shipment_id, centre_id, grams, transport_km, shipped_at
           from shipments where batch_id = $1 order by position`,
        [id],
      );
      return {
        version: row.version,
        state: {
          status: 'collected',
          batchId: row.batch_id,
          containerId: row.container_id,
          municipality: row.municipality,
          grams: toGrams(row.grams),
          collectedAt: row.collected_at,
          shipments: shipments.rows.map(toShipment),
          shippedGrams: toGrams(row.shipped_grams),
        },
      };
    },

    async save(tx: Transaction, change: AggregateChange<BatchState, BatchEvent>): Promise<void> {
      const { state } = change;
      if (state.status !== 'collected') throw new Error(`batch ${change.id} cannot be saved uncollected`);
      if (change.expectedVersion === 0) {
        // A concurrent collection of the same id fails with 23505, and the command is decided again.
        await tx.query(
          `insert into batches (batch_id, container_id, municipality, grams, collected_at, shipped_grams, version)
           values ($1, $2, $3, $4, $5, $6, 1)`,
          [change.id, state.containerId, state.municipality, state.grams, state.collectedAt, state.shippedGrams],
        );
      } else {
        const { rowCount } = await tx.query(
          `update batches set shipped_grams = $2, version = version + 1 where batch_id = $1 and version = $3`,
          [change.id, state.shippedGrams, change.expectedVersion],
        );
        if (rowCount === 0) throw new VersionConflictError(change.id, change.expectedVersion);
      }
      for (const event of change.events) {
        if (event.type === 'BatchShipped') await insertShipment(tx, event, positionOf(state.shipments, event));
      }
    },
  };
}

async function insertShipment(tx: Transaction, event: BatchShipped, position: number): Promise<void> {
  await tx.query(
    `insert into shipments (shipment_id, batch_id, position, centre_id, grams, transport_km, shipped_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.shipmentId,
      event.batchId,
      position,
      event.centreId,
      event.grams,
      event.transportKm ?? null,
      event.shippedAt,
    ],
  );
}

function positionOf(shipments: readonly Shipment[], event: BatchShipped): number {
  const position = shipments.findIndex((shipment) => shipment.shipmentId === event.shipmentId);
  if (position < 0) throw new Error(`shipment ${event.shipmentId} is not in the saved state of batch ${event.batchId}`);
  return position;
}

function toShipment(row: ShipmentRow): Shipment {
  const grams: Grams = toGrams(row.grams);
  return {
    shipmentId: row.shipment_id,
    centreId: row.centre_id,
    grams,
    ...(row.transport_km === null ? {} : { transportKm: row.transport_km }),
    shippedAt: row.shipped_at,
  };
}
