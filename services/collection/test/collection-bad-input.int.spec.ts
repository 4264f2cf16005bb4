import { expectRejectedWithNothingWritten } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollectionTestService, type CollectionTestService } from './collection-test-service.ts';

const containers = '/v1/collection/containers';
const batches = '/v1/collection/batches';
const shipments = '/v1/collection/batches/B-BAD/shipments';

const aContainer = { containerId: 'C-NEW', municipality: 'GM0150', channel: 'street-container' };
const aBatch = { batchId: 'B-NEW', containerId: 'C-BAD', grams: 1_000, collectedAt: '2026-03-02T07:30:00+01:00' };
const aShipment = { shipmentId: 'S-NEW', centreId: 'SC-1', grams: 10, shippedAt: '2026-03-02T11:00:00Z' };

describe('collection rejects bad input with 4xx problem+json naming the field, and writes nothing', () => {
  let service: CollectionTestService;

  beforeAll(async () => {
    service = await startCollectionTestService({ label: 'collection_bad_input', observeKafka: false });
    await service.post(containers, { ...aContainer, containerId: 'C-BAD' });
    await service.post(batches, { ...aBatch, batchId: 'B-BAD' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const expectRejected = (
    send: Parameters<typeof expectRejectedWithNothingWritten>[1],
    status: number,
    field: string,
  ): Promise<void> => expectRejectedWithNothingWritten(() => service.rowCounts(), send, status, field);

  it.each([
    ['a string for grams', batches, { ...aBatch, grams: '1000' }, 'grams'],
    ['negative grams', batches, { ...aBatch, grams: -5 }, 'grams'],
    ['fractional grams', batches, { ...aBatch, grams: 1.5 }, 'grams'],
    ['zero grams', batches, { ...aBatch, grams: 0 }, 'grams'],
    ['grams beyond 2^53', batches, { ...aBatch, grams: Number.MAX_SAFE_INTEGER + 2 }, 'grams'],
    ['a number for an id', batches, { ...aBatch, batchId: 5 }, 'batchId'],
    ['an empty id', batches, { ...aBatch, batchId: '' }, 'batchId'],
    ['an id longer than 128 characters', batches, { ...aBatch, batchId: 'B'.repeat(129) }, 'batchId'],
    ['a missing time', batches, { batchId: 'B-NEW', containerId: 'C-BAD', grams: 1 }, 'collectedAt'],
    ['a time without an offset', batches, { ...aBatch, collectedAt: '2026-03-02T07:30:00' }, 'collectedAt'],
    ['a date without a time', batches, { ...aBatch, collectedAt: '2026-03-02' }, 'collectedAt'],
    ['an impossible date', batches, { ...aBatch, collectedAt: '2026-02-30T07:30:00Z' }, 'collectedAt'],
    ['an unknown field', batches, { ...aBatch, gram: 5 }, 'gram'],
    ['an array as the body', batches, [aBatch], 'body'],
    ['an unknown channel', containers, { ...aContainer, channel: 'drone' }, 'channel'],
    ['a missing municipality', containers, { containerId: 'C-NEW', channel: 'street-container' }, 'municipality'],
    [
      'a latitude out of range',
      containers,
      { ...aContainer, location: { latitude: 200, longitude: 6 } },
      'location.latitude',
    ],
    [
      'a latitude as a string',
      containers,
      { ...aContainer, location: { latitude: '52.2', longitude: 6 } },
      'location.latitude',
    ],
    [
      'a latitude without a longitude',
      containers,
      { ...aContainer, location: { latitude: 52.2 } },
      'location.longitude',
    ],
    [
      'an unknown location field',
      containers,
      { ...aContainer, location: { address: 'Brink 1', altitude: 3 } },
      'location.altitude',
    ],
    ['a location that is not an object', containers, { ...aContainer, location: 'Brink 1' }, 'location'],
    ['a negative transport distance', shipments, { ...aShipment, transportKm: -1 }, 'transportKm'],
    ['a transport distance as a string', shipments, { ...aShipment, transportKm: '12' }, 'transportKm'],
    ['fractional shipment grams', shipments, { ...aShipment, grams: 0.5 }, 'grams'],
    ['a missing centre', shipments, { shipmentId: 'S-NEW', grams: 10, shippedAt: '2026-03-02T11:00:00Z' }, 'centreId'],
  ])('rejects %s with 400', async (_name, path, body, field) => {
    await expectRejected(() => service.post(path, body), 400, field);
  });

  it('rejects malformed JSON with 400 naming the body', async () => {
    await expectRejected(() => service.postRaw(batches, '{"batchId": "B-NEW",'), 400, 'body');
  });

  it('rejects a POST without a body with 400 naming the body', async () => {
    await expectRejected(
      async () => {
        const response = await fetch(service.url + batches, { method: 'POST' });
        return {
          status: response.status,
          contentType: response.headers.get('content-type'),
          body: (await response.json()) as Record<string, unknown>,
        };
      },
      400,
      'body',
    );
  });

  it('rejects a body that is not JSON with 415', async () => {
    await expectRejected(
      () => service.postRaw(batches, 'batchId=B-NEW', 'application/x-www-form-urlencoded'),
      415,
      'body',
    );
  });

  it('rejects an oversized body with 413', async () => {
    await expectRejected(
      () => service.post(containers, { ...aContainer, location: { address: 'x'.repeat(70_000) } }),
      413,
      'body',
    );
  });

  it('rejects an over-long id in the path with 400', async () => {
    await expectRejected(() => service.post(`${batches}/${'B'.repeat(129)}/shipments`, aShipment), 400, 'batchId');
    const read = await service.get(`${batches}/${'B'.repeat(129)}`);
    expect(read.status).toBe(400);
    expect(read.body).toMatchObject({ field: 'batchId' });
  });

  it('rejects a control character (U+0000, which PostgreSQL cannot store) in the path with 400', async () => {
    await expectRejected(() => service.post(`${batches}/B%00-1/shipments`, aShipment), 400, 'batchId');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await service.get('/v1/collection/lots/L-1');
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });
});
