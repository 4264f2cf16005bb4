import { toGrams } from '@vezel/grams';
import { readJson } from '@vezel/rpc';
import type { CollectBatchInput } from '../../app/collect-batch.ts';
import type { RegisterContainerInput } from '../../app/register-container.ts';
import type { ShipBatchInput } from '../../app/ship-batch.ts';
import { CONTAINER_CHANNELS } from '../../domain/container-channel.ts';
import type { Location } from '../../domain/location.ts';
import { MAX_ID_LENGTH, requireId } from '@vezel/chain-rules';

// The JSON bodies of the collection commands (docs/domain.md is the contract). Types, presence and unknown fields are
// checked here, naming the field; the domain then checks the rules (id length, municipality code, grams > 0).

const id = { maxLength: MAX_ID_LENGTH } as const;

/** `POST /v1/collection/containers`. */
export function readRegisterContainer(body: unknown): RegisterContainerInput {
  return readJson(body, (input) => {
    const location = input.optionalObject('location', (fields): Location => {
      const address = fields.optionalString('address', { maxLength: 500 });
      const latitude = fields.optionalNumber('latitude', { min: -90, max: 90 });
      const longitude = fields.optionalNumber('longitude', { min: -180, max: 180 });
      return {
        ...(latitude === undefined ? {} : { latitude }),
        ...(longitude === undefined ? {} : { longitude }),
        ...(address === undefined ? {} : { address }),
      };
    });
    return {
      containerId: input.string('containerId', id),
      municipality: input.string('municipality', { maxLength: 16 }),
      channel: input.oneOf('channel', CONTAINER_CHANNELS),
      ...(location === undefined ? {} : { location }),
    };
  });
}

/** `POST /v1/collection/batches`. */
export function readCollectBatch(body: unknown): CollectBatchInput {
  return readJson(body, (input) => ({
    batchId: input.string('batchId', id),
    containerId: input.string('containerId', id),
    grams: toGrams(input.grams('grams')),
    collectedAt: input.timestamp('collectedAt'),
  }));
}

/** `POST /v1/collection/batches/{batchId}/shipments`: the batch comes from the path. */
export function readShipBatch(batchId: string, body: unknown): ShipBatchInput {
  return readJson(body, (input) => {
    const transportKm = input.optionalNumber('transportKm', { min: 0 });
    return {
      // The path's id is looked up before the decider sees it: held to the same rule as body ids here.
      batchId: requireId(batchId, 'batchId'),
      shipmentId: input.string('shipmentId', id),
      centreId: input.string('centreId', id),
      grams: toGrams(input.grams('grams')),
      ...(transportKm === undefined ? {} : { transportKm }),
      shippedAt: input.timestamp('shippedAt'),
    };
  });
}
