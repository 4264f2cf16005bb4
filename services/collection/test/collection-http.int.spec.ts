import {
  BatchCollectedSchema,
  BatchShippedSchema,
  ContainerChannel,
  ContainerRegisteredSchema,
} from '@vezel/contracts';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeAs,
  expectCloudEventHeaders,
  startCollectionTestService,
  type CollectionTestService,
} from './collection-test-service.ts';

describe('collection over HTTP, against real PostgreSQL and Kafka', () => {
  let service: CollectionTestService;

  beforeAll(async () => {
    service = await startCollectionTestService({ label: 'collection_http' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const container = (containerId: string, overrides: Record<string, unknown> = {}) => ({
    containerId,
    municipality: 'GM0150',
    channel: 'street-container',
    location: { latitude: 52.2551, longitude: 6.1639, address: 'Brink 1, 7411 BR Deventer' },
    ...overrides,
  });
  const batch = (batchId: string, containerId: string, grams = 1_250_000) => ({
    batchId,
    containerId,
    grams,
    collectedAt: '2026-03-02T07:30:00+01:00',
  });
  const shipment = (shipmentId: string, grams: number, overrides: Record<string, unknown> = {}) => ({
    shipmentId,
    centreId: 'SC-DEVENTER',
    grams,
    transportKm: 12.5,
    shippedAt: '2026-03-02T11:00:00+01:00',
    ...overrides,
  });

  async function aCollectedBatch(batchId: string, grams = 1_250_000): Promise<void> {
    const containerId = `C-${batchId}`;
    expect((await service.post('/v1/collection/containers', container(containerId))).status).toBe(201);
    expect((await service.post('/v1/collection/batches', batch(batchId, containerId, grams))).status).toBe(201);
  }

  /** Runs `act` and asserts it changed no table at all. */
  async function expectNothingWritten(act: () => Promise<void>): Promise<void> {
    const before = await service.rowCounts();
    await act();
    expect(await service.rowCounts()).toEqual(before);
  }

  describe('registering a container', () => {
    it('answers 201 with the container and publishes ContainerRegistered keyed by the container', async () => {
      const response = await service.post('/v1/collection/containers', container('C-HAPPY'));

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/collection/containers/C-HAPPY');
      expect(response.body).toEqual(container('C-HAPPY'));
      expect((await service.get('/v1/collection/containers/C-HAPPY')).body).toEqual(container('C-HAPPY'));

      const [event] = await service.eventsOn('C-HAPPY', 1);
      expectCloudEventHeaders(event!, {
        type: 'vezel.collection.v1.ContainerRegistered',
        subject: 'C-HAPPY',
        time: event!.headers['ce_time']!,
      });
      expect(Number.isNaN(Date.parse(event!.headers['ce_time']!))).toBe(false);
      const registered = decodeAs(ContainerRegisteredSchema, event!);
      expect(registered).toMatchObject({
        containerId: 'C-HAPPY',
        municipality: 'GM0150',
        channel: ContainerChannel.STREET_CONTAINER,
        location: { latitude: 52.2551, longitude: 6.1639, address: 'Brink 1, 7411 BR Deventer' },
      });
    });

    it('registers a door-to-door route without a location', async () => {
      const route = { containerId: 'R-1', municipality: 'GM0193', channel: 'door-to-door' };
      const response = await service.post('/v1/collection/containers', route);
      expect(response.status).toBe(201);
      expect(response.body).toEqual(route);
    });

    it('rejects a municipality that is not a CBS code, writing nothing', async () => {
      await expectNothingWritten(async () => {
        const response = await service.post(
          '/v1/collection/containers',
          container('C-BAD', { municipality: 'Deventer' }),
        );
        expect(response.status).toBe(400);
        expect(response.contentType).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ field: 'municipality' });
      });
    });

    it('answers 404 for a container that is not registered', async () => {
      const response = await service.get('/v1/collection/containers/C-NOWHERE');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status: 404, field: 'containerId' });
    });
  });

  describe('collecting a batch', () => {
    it('answers 201 with the batch and publishes BatchCollected with its municipality, keyed by the batch', async () => {
      await service.post('/v1/collection/containers', container('C-B1', { municipality: 'GM0193' }));
      const response = await service.post('/v1/collection/batches', batch('B-1', 'C-B1'));

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/collection/batches/B-1');
      expect(response.body).toEqual({
        batchId: 'B-1',
        containerId: 'C-B1',
        municipality: 'GM0193',
        grams: 1_250_000,
        collectedAt: '2026-03-02T06:30:00.000Z',
        shippedGrams: 0,
        unshippedGrams: 1_250_000,
        shipments: [],
      });

      const [event] = await service.eventsOn('B-1', 1);
      expectCloudEventHeaders(event!, {
        type: 'vezel.collection.v1.BatchCollected',
        subject: 'B-1',
        time: '2026-03-02T06:30:00.000Z',
      });
      const collected = decodeAs(BatchCollectedSchema, event!);
      expect(collected).toMatchObject({
        batchId: 'B-1',
        containerId: 'C-B1',
        municipality: 'GM0193',
        grams: 1_250_000n,
      });
      expect(timestampDate(collected.collectedAt!)).toEqual(new Date('2026-03-02T07:30:00+01:00'));
    });

    it('rejects a batch from a container that is not registered with 404, writing nothing', async () => {
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/collection/batches', batch('B-ORPHAN', 'C-UNKNOWN'));
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ field: 'containerId' });
      });
    });

    it('replays the same batch with 200 and the original body; another body under its id is a 409', async () => {
      await service.post('/v1/collection/containers', container('C-REPLAY'));
      const first = await service.post('/v1/collection/batches', batch('B-REPLAY', 'C-REPLAY'));
      // Ship some of it: a replay still answers with the batch as the command created it.
      await service.post('/v1/collection/batches/B-REPLAY/shipments', shipment('S-REPLAY-0', 1_000));

      await expectNothingWritten(async () => {
        const again = await service.post('/v1/collection/batches', batch('B-REPLAY', 'C-REPLAY'));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);

        const conflicting = await service.post('/v1/collection/batches', batch('B-REPLAY', 'C-REPLAY', 999));
        expect(conflicting.status).toBe(409);
        expect(conflicting.body).toMatchObject({ status: 409, field: 'batchId', batchId: 'B-REPLAY' });
      });
      // Exactly one BatchCollected went out for it.
      const events = await service.eventsOn('B-REPLAY', 2);
      expect(events.map((event) => event.headers['ce_type'])).toEqual([
        'vezel.collection.v1.BatchCollected',
        'vezel.collection.v1.BatchShipped',
      ]);
    });

    it('replays a container registration with 200 and rejects a changed municipality with 409', async () => {
      await service.post('/v1/collection/containers', container('C-TWICE'));
      await expectNothingWritten(async () => {
        expect((await service.post('/v1/collection/containers', container('C-TWICE'))).status).toBe(200);
        const moved = await service.post('/v1/collection/containers', container('C-TWICE', { municipality: 'GM0193' }));
        expect(moved.status).toBe(409);
        expect(moved.body).toMatchObject({ field: 'containerId' });
      });
    });
  });

  describe('shipping a batch', () => {
    it('answers 201 with the shipment, publishes BatchShipped keyed by the batch, and counts unshipped grams', async () => {
      await aCollectedBatch('B-SHIP', 1_250_000);
      const response = await service.post('/v1/collection/batches/B-SHIP/shipments', shipment('S-1', 1_000_000));

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        shipmentId: 'S-1',
        batchId: 'B-SHIP',
        containerId: 'C-B-SHIP',
        centreId: 'SC-DEVENTER',
        grams: 1_000_000,
        transportKm: 12.5,
        shippedAt: '2026-03-02T10:00:00.000Z',
      });
      const read = await service.get('/v1/collection/batches/B-SHIP');
      expect(read.body).toMatchObject({ grams: 1_250_000, shippedGrams: 1_000_000, unshippedGrams: 250_000 });
      expect(read.body['shipments']).toEqual([response.body]);

      const events = await service.eventsOn('B-SHIP', 2);
      expect(events.map((event) => event.headers['ce_type'])).toEqual([
        'vezel.collection.v1.BatchCollected',
        'vezel.collection.v1.BatchShipped',
      ]);
      expectCloudEventHeaders(events[1]!, {
        type: 'vezel.collection.v1.BatchShipped',
        subject: 'B-SHIP',
        time: '2026-03-02T10:00:00.000Z',
      });
      expect(decodeAs(BatchShippedSchema, events[1]!)).toMatchObject({
        shipmentId: 'S-1',
        batchId: 'B-SHIP',
        containerId: 'C-B-SHIP',
        centreId: 'SC-DEVENTER',
        grams: 1_000_000n,
        transportKm: 12.5,
      });
    });

    it('rejects shipping more than the unshipped grams with 422, writing nothing', async () => {
      await aCollectedBatch('B-OVER', 1_000);
      await service.post('/v1/collection/batches/B-OVER/shipments', shipment('S-OVER-1', 600));
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/collection/batches/B-OVER/shipments', shipment('S-OVER-2', 401));
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          status: 422,
          field: 'grams',
          requestedGrams: 401,
          unshippedGrams: 400,
          title: 'Mass not conserved',
        });
      });
    });

    it('rejects a shipment of an unknown batch with 404, writing nothing', async () => {
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/collection/batches/B-NONE/shipments', shipment('S-NONE', 1));
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ field: 'batchId' });
      });
      expect((await service.get('/v1/collection/batches/B-NONE')).status).toBe(404);
    });

    it('replays a shipment with 200; its id with another body is a 409', async () => {
      await aCollectedBatch('B-SREPLAY', 1_000);
      const first = await service.post('/v1/collection/batches/B-SREPLAY/shipments', shipment('S-R', 100));
      await expectNothingWritten(async () => {
        const again = await service.post('/v1/collection/batches/B-SREPLAY/shipments', shipment('S-R', 100));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post('/v1/collection/batches/B-SREPLAY/shipments', shipment('S-R', 101));
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'shipmentId' });
      });
    });

    it('lets exactly one of two shipments racing for the last grams win', async () => {
      for (let round = 0; round < 5; round++) {
        const batchId = `B-RACE-${round}`;
        await aCollectedBatch(batchId, 500);
        const responses = await Promise.all([
          service.post(`/v1/collection/batches/${batchId}/shipments`, shipment(`S-RACE-${round}-a`, 500)),
          service.post(`/v1/collection/batches/${batchId}/shipments`, shipment(`S-RACE-${round}-b`, 500)),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
        const read = await service.get(`/v1/collection/batches/${batchId}`);
        expect(read.body).toMatchObject({ shippedGrams: 500, unshippedGrams: 0 });
        expect(read.body['shipments']).toHaveLength(1);
      }
      const { rows } = await service.db.query<{ n: bigint }>(
        `select count(*) as n from outbox where key like 'B-RACE-%' and headers->>'ce_type' = 'vezel.collection.v1.BatchShipped'`,
      );
      expect(rows[0]?.n).toBe(5n);
    });
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const response = await service.get('/v1/collection/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys(response.body['paths'] as object)).toEqual([
      '/v1/collection/containers',
      '/v1/collection/containers/{containerId}',
      '/v1/collection/batches',
      '/v1/collection/batches/{batchId}',
      '/v1/collection/batches/{batchId}/shipments',
    ]);
  });

  it('is ready when its database answers', async () => {
    const response = await service.get('/readyz');
    expect(response.status).toBe(200);
  });
});
