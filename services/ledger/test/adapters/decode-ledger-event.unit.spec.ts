import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  BatchCollectedSchema,
  DestinationKind,
  DestinationSchema,
  LotDispatchedSchema,
  eventSchemas,
} from '@vezel/contracts';
import { toCloudEventHeaders } from '@vezel/messaging';
import { describe, expect, it } from 'vitest';
import { decodeEventBatch } from '../../src/adapters/protobuf/decode-event-batch.ts';
import { decodeLedgerEvent } from '../../src/adapters/protobuf/decode-ledger-event.ts';
import { ledgerFactDecoders } from '../../src/adapters/protobuf/ledger-fact-decoders.ts';
import type { LedgerFact } from '../../src/domain/index.ts';
import { scenarioFacts } from '../domain/two-municipalities-scenario.ts';
import { factToEventRecord } from '../support/fact-to-event-record.ts';

const topicOf = (service: string) => `vezel.${service}.v1`;
const withLocation: LedgerFact = {
  type: 'ContainerRegistered',
  eventId: 'ContainerRegistered:C-LOC',
  containerId: 'C-LOC',
  municipality: 'GM0150',
  channel: 'door-to-door',
  location: { latitude: 52.25, longitude: 6.16, address: 'Brink 1, Deventer' },
  registeredAt: new Date('2026-01-01T10:00:00Z'),
};
const everyFact: readonly LedgerFact[] = [...scenarioFacts, withLocation];

function headersFor(type: string, overrides: Record<string, string> = {}) {
  return {
    ...toCloudEventHeaders({
      id: 'E-1',
      type,
      source: '/vezel/test',
      subject: 'B-1',
      time: new Date('2026-03-01T00:00:00Z'),
    }),
    ...overrides,
  };
}

describe('decodeLedgerEvent', () => {
  it('has a decoder for every event of the contract, and for nothing else', () => {
    expect([...ledgerFactDecoders.keys()].sort()).toEqual(eventSchemas.map((schema) => schema.typeName).sort());
  });

  it('decodes every one of the 13 event types back into the fact it was published from', () => {
    expect(new Set(everyFact.map((fact) => fact.type)).size).toBe(13);
    for (const fact of everyFact) {
      const decoded = decodeLedgerEvent(factToEventRecord(fact, topicOf));
      expect(decoded, fact.eventId).toEqual({ kind: 'fact', fact });
    }
  });

  it('takes the event id from ce_id and a registration time from ce_time', () => {
    const record = factToEventRecord(withLocation, topicOf);
    const decoded = decodeLedgerEvent({ ...record, headers: { ...record.headers, ce_id: '0196-e-id' } });
    expect(decoded).toMatchObject({
      kind: 'fact',
      fact: { eventId: '0196-e-id', registeredAt: withLocation.registeredAt },
    });
  });

  it('rejects an event type the contract does not know, keeping its id and type', () => {
    const decoded = decodeLedgerEvent({ headers: headersFor('vezel.sorting.v1.LotRegraded'), value: new Uint8Array() });
    expect(decoded).toEqual({
      kind: 'rejected',
      reason: 'unknown event type vezel.sorting.v1.LotRegraded',
      eventId: 'E-1',
      type: 'vezel.sorting.v1.LotRegraded',
    });
  });

  it('rejects an event without CloudEvents headers', () => {
    const headers: Record<string, string> = { ...headersFor(BatchCollectedSchema.typeName) };
    delete headers['ce_id'];
    expect(decodeLedgerEvent({ headers, value: new Uint8Array() })).toEqual({
      kind: 'rejected',
      reason: 'ce_id: event header ce_id is missing',
      type: BatchCollectedSchema.typeName,
    });
  });

  it('rejects bytes that are not the message named by ce_type', () => {
    const decoded = decodeLedgerEvent({
      headers: headersFor(BatchCollectedSchema.typeName),
      value: Uint8Array.from([0xff, 0xff, 0xff, 0xff]),
    });
    expect(decoded).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/^malformed event: /) as unknown });
  });

  it('rejects a batch with no grams, naming the field', () => {
    const value = toBinary(
      BatchCollectedSchema,
      create(BatchCollectedSchema, {
        batchId: 'B-1',
        containerId: 'C-1',
        municipality: 'GM0150',
        grams: 0n,
        collectedAt: timestampFromDate(new Date('2026-01-01T00:00:00Z')),
      }),
    );
    expect(decodeLedgerEvent({ headers: headersFor(BatchCollectedSchema.typeName), value })).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/^grams: must be a positive number of grams/) as unknown,
    });
  });

  it("rejects an id that breaks the chain's id rule, naming the field", () => {
    const collected = (batchId: string) =>
      decodeLedgerEvent({
        headers: headersFor(BatchCollectedSchema.typeName),
        value: toBinary(
          BatchCollectedSchema,
          create(BatchCollectedSchema, {
            batchId,
            containerId: 'C-1',
            municipality: 'GM0150',
            grams: 5n,
            collectedAt: timestampFromDate(new Date('2026-01-01T00:00:00Z')),
          }),
        ),
      });
    for (const batchId of ['B-\u0000', 'B-\n1', ' B-1'])
      expect(collected(batchId), JSON.stringify(batchId)).toEqual({
        kind: 'rejected',
        reason: 'batchId: must not contain control characters or leading or trailing spaces',
        eventId: 'E-1',
        type: BatchCollectedSchema.typeName,
      });
    expect(collected('B-'.padEnd(129, '1'))).toMatchObject({
      reason: 'batchId: must be at most 128 characters, got 129',
    });
  });

  it('rejects text PostgreSQL cannot store (U+0000) wherever it is, naming the field or header', () => {
    const record = factToEventRecord(withLocation, topicOf);
    const withHeaders = (headers: Record<string, string>) =>
      decodeLedgerEvent({ ...record, headers: { ...record.headers, ...headers } });
    // The event id breaks the id rule first, as any control character does.
    expect(withHeaders({ ce_id: 'E-\u0000' })).toEqual({
      kind: 'rejected',
      reason: 'ce_id: must not contain control characters or leading or trailing spaces',
      eventId: 'E-\u0000',
      type: record.headers['ce_type'],
    });
    expect(withHeaders({ ce_recordedby: 'P-\u0000' })).toMatchObject({
      reason: 'ce_recordedby: must not contain U+0000 (it cannot be stored)',
    });
    const address = factToEventRecord(
      { ...withLocation, location: { ...withLocation.location, address: 'Brink\u00001' } },
      topicOf,
    );
    expect(decodeLedgerEvent(address)).toMatchObject({
      kind: 'rejected',
      reason: 'location.address: must not contain U+0000 (it cannot be stored)',
    });
  });

  it('rejects an event id that breaks the id rule and times PostgreSQL cannot store, and keeps such a time out of the position', () => {
    const record = factToEventRecord(withLocation, topicOf);
    const withHeaders = (headers: Record<string, string>) =>
      decodeLedgerEvent({ ...record, headers: { ...record.headers, ...headers } });
    expect(withHeaders({ ce_id: 'E-'.padEnd(3_000, '1') })).toMatchObject({
      reason: 'ce_id: must be at most 128 characters, got 3000',
    });
    expect(withHeaders({ ce_id: 'E 1 ' })).toMatchObject({
      reason: 'ce_id: must not contain control characters or leading or trailing spaces',
    });
    expect(withHeaders({ ce_time: '-005000-01-01T00:00:00Z' })).toMatchObject({
      reason: 'ce_time: is not a time within the years 1 to 9999',
    });
    const collectedLate = factToEventRecord(
      {
        ...scenarioFacts.find((fact) => fact.type === 'BatchCollected')!,
        collectedAt: new Date('+010000-01-01T00:00:00Z'),
      },
      topicOf,
    );
    expect(decodeLedgerEvent(collectedLate)).toMatchObject({
      reason: 'collectedAt: is not a time within the years 1 to 9999',
    });
    const batch = decodeEventBatch({
      topic: 'vezel.collection.v1',
      partition: 0,
      highWatermark: 1n,
      events: [
        {
          ...record,
          headers: { ...record.headers, ce_time: '-005000-01-01T00:00:00Z' },
          partition: 0,
          offset: 0n,
          loggedAt: new Date(),
        },
      ],
    });
    expect(batch.rejected).toHaveLength(1);
    expect(batch).not.toHaveProperty('lastEventAt');
  });

  it('rejects a dispatch without a business time or to an exporter without a country', () => {
    const dispatch = (init: Parameters<typeof create<typeof LotDispatchedSchema>>[1]) =>
      decodeLedgerEvent({
        headers: headersFor(LotDispatchedSchema.typeName),
        value: toBinary(
          LotDispatchedSchema,
          create(LotDispatchedSchema, { dispatchId: 'D-1', lotId: 'L-1', centreId: 'DEV', grams: 5n, ...init }),
        ),
      });
    expect(
      dispatch({ destination: create(DestinationSchema, { kind: DestinationKind.STORE, id: 'ST-1' }) }),
    ).toMatchObject({
      reason: 'dispatchedAt: is missing',
    });
    expect(
      dispatch({
        destination: create(DestinationSchema, { kind: DestinationKind.EXPORTER, id: 'EXP-1' }),
        dispatchedAt: timestampFromDate(new Date('2026-01-01T00:00:00Z')),
      }),
    ).toMatchObject({ reason: 'destination.country: is required for an exporter' });
  });
});
