import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { BatchCollectedSchema, eventRegistry } from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, parseCloudEventHeaders, toCloudEventHeaders, uuidv7 } from '../src/index.ts';

describe('CloudEvents headers', () => {
  const attributes = {
    id: uuidv7(),
    type: 'vezel.collection.v1.BatchCollected',
    source: '/vezel/collection',
    subject: 'B-2026-000123',
    time: new Date('2026-02-03T09:15:00+01:00'),
  };

  it('writes the Kafka binding headers in binary mode and reads them back', () => {
    const headers = toCloudEventHeaders(attributes);
    expect(headers).toEqual({
      ce_specversion: '1.0',
      ce_id: attributes.id,
      ce_type: 'vezel.collection.v1.BatchCollected',
      ce_source: '/vezel/collection',
      ce_subject: 'B-2026-000123',
      ce_time: '2026-02-03T08:15:00.000Z',
      'content-type': 'application/protobuf',
    });
    expect(parseCloudEventHeaders(headers)).toEqual(attributes);
  });

  it('carries who recorded the fact as the extension attributes recordedby and recordedvia', () => {
    const recordedBy = { partnerId: 'reshare-deventer', credential: 'key:0123456789abcdef' };
    const headers = toCloudEventHeaders({ ...attributes, recordedBy });
    expect(headers).toMatchObject({ ce_recordedby: 'reshare-deventer', ce_recordedvia: 'key:0123456789abcdef' });
    expect(parseCloudEventHeaders(headers).recordedBy).toEqual(recordedBy);
    expect(parseCloudEventHeaders(toCloudEventHeaders(attributes))).not.toHaveProperty('recordedBy');
  });

  it('rejects an event without an id and names the header', () => {
    const { ce_id: _dropped, ...headers } = toCloudEventHeaders(attributes);
    expect(() => parseCloudEventHeaders(headers)).toThrow(InvalidInputError);
    try {
      parseCloudEventHeaders(headers);
    } catch (error) {
      expect((error as InvalidInputError).field).toBe('ce_id');
    }
  });

  it('rejects an unknown spec version and an unreadable time', () => {
    expect(() => parseCloudEventHeaders({ ...toCloudEventHeaders(attributes), ce_specversion: '0.3' })).toThrow(
      /specversion/,
    );
    expect(() => parseCloudEventHeaders({ ...toCloudEventHeaders(attributes), ce_time: 'yesterday' })).toThrow(
      /ce_time/,
    );
  });
});

describe('UUIDv7 event ids', () => {
  it('are version 7, RFC 9562 variant, and sort by creation time', () => {
    const earlier = uuidv7(Date.UTC(2026, 0, 1));
    const later = uuidv7(Date.UTC(2026, 0, 2));
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
    expect(earlier.replace('-', '').slice(0, 12)).toBe(Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  });
});

describe('protobuf event codec', () => {
  it('encodes an event under its full message name and decodes it through the registry', () => {
    const event = create(BatchCollectedSchema, {
      batchId: 'B-2026-000123',
      containerId: 'C-GM0150-0001',
      municipality: 'GM0150',
      grams: 9_007_199_254_740_993n,
      collectedAt: timestampFromMs(Date.UTC(2026, 1, 3, 8, 15)),
    });
    const { type, value } = encodeEvent(BatchCollectedSchema, event);
    expect(type).toBe('vezel.collection.v1.BatchCollected');
    const decoded = decodeEvent(eventRegistry, type, value);
    expect(decoded.schema.typeName).toBe(type);
    expect(decoded.message).toEqual(event);
  });

  it('rejects an event type the registry does not know, naming ce_type', () => {
    expect(() => decodeEvent(eventRegistry, 'vezel.unknown.v1.Nothing', new Uint8Array())).toThrow(
      /unknown event type/,
    );
  });
});
