import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { batchDecider, unshippedGrams } from '../../src/domain/batch-decider.ts';
import {
  aBatchCollected,
  aBatchShipped,
  aCollectBatch,
  aRegisteredContainer,
  aShipBatch,
  g,
} from '../collection-builders.ts';

const spec = deciderSpecification(batchDecider);

describe('collecting a batch', () => {
  it('records the batch with the municipality of its registered container', () => {
    spec
      .given([])
      .when(aCollectBatch({ container: aRegisteredContainer({ municipality: 'GM0193' }) }))
      .then([aBatchCollected({ municipality: 'GM0193' })]);
  });

  it('rejects a batch from a container that is not registered', () => {
    spec
      .given([])
      .when(aCollectBatch({ container: undefined }))
      .thenThrows(NotFoundError, { field: 'containerId' });
  });

  it('rejects zero grams', () => {
    spec
      .given([])
      .when(aCollectBatch({ grams: g(0) }))
      .thenThrows(InvalidInputError, { field: 'grams' });
  });

  it('rejects collecting the same batch id twice', () => {
    spec.given([aBatchCollected()]).when(aCollectBatch()).thenThrows(ConflictError, { field: 'batchId' });
  });

  it('rejects an invalid collection time', () => {
    spec
      .given([])
      .when(aCollectBatch({ collectedAt: new Date('not a time') }))
      .thenThrows(InvalidInputError, { field: 'collectedAt' });
  });
});

describe('shipping a batch', () => {
  it('ships part of a batch to a sorting centre, naming the container the grams leave from', () => {
    spec
      .given([aBatchCollected({ grams: g(1_250_000) })])
      .when(aShipBatch({ grams: g(1_000_000) }))
      .then([aBatchShipped({ grams: g(1_000_000), containerId: 'C-DEV-0001' })]);
  });

  it('ships exactly the grams that are left', () => {
    spec
      .given([aBatchCollected({ grams: g(1_250_000) }), aBatchShipped({ grams: g(1_000_000) })])
      .when(aShipBatch({ shipmentId: 'S-2', grams: g(250_000) }))
      .then([aBatchShipped({ shipmentId: 'S-2', grams: g(250_000) })]);
  });

  it('refuses to ship more than the unshipped grams of the batch', () => {
    spec
      .given([aBatchCollected({ grams: g(1_250_000) }), aBatchShipped({ grams: g(1_000_000) })])
      .when(aShipBatch({ shipmentId: 'S-2', grams: g(250_001) }))
      .thenThrows(MassNotConservedError, { field: 'grams', message: /only 250000 g/ });
  });

  it('refuses to ship a batch that was never collected', () => {
    spec.given([]).when(aShipBatch()).thenThrows(NotFoundError, { field: 'batchId' });
  });

  it('refuses a shipment id the batch already used', () => {
    spec
      .given([aBatchCollected(), aBatchShipped({ grams: g(1) })])
      .when(aShipBatch({ grams: g(1) }))
      .thenThrows(ConflictError, { field: 'shipmentId' });
  });

  it('rejects a negative transport distance', () => {
    spec
      .given([aBatchCollected()])
      .when(aShipBatch({ transportKm: -1 }))
      .thenThrows(InvalidInputError, { field: 'transportKm' });
  });

  it('ships without a transport distance when it is unknown', () => {
    spec
      .given([aBatchCollected()])
      .when(aShipBatch({ transportKm: undefined }))
      .then([
        {
          type: 'BatchShipped',
          shipmentId: 'S-2026-000001',
          batchId: 'B-2026-000123',
          containerId: 'C-DEV-0001',
          centreId: 'SC-DEVENTER',
          grams: g(1_000_000),
          shippedAt: new Date('2026-03-02T11:00:00+01:00'),
        },
      ]);
  });

  it('keeps the shipments oldest first and counts what is left', () => {
    const state = [
      aBatchCollected({ grams: g(1_000) }),
      aBatchShipped({ shipmentId: 'S-1', grams: g(300) }),
      aBatchShipped({ shipmentId: 'S-2', grams: g(200) }),
    ].reduce(batchDecider.evolve, batchDecider.initialState());
    expect(state.status).toBe('collected');
    if (state.status !== 'collected') return;
    expect(state.shipments.map((shipment) => shipment.shipmentId)).toEqual(['S-1', 'S-2']);
    expect(state.shippedGrams).toBe(500n);
    expect(unshippedGrams(state)).toBe(500n);
  });
});
