import { describe, expect, it } from 'vitest';
import { eventCatalogue, eventSchemas, eventTopics, findEventSchema, findEventTopic } from '../src/index.ts';
import type { ProducingService } from '../src/index.ts';

/** docs/domain.md's flow table: which service publishes which event. */
const domainEvents: ReadonlyArray<readonly [ProducingService, string]> = [
  ['collection', 'ContainerRegistered'],
  ['collection', 'BatchCollected'],
  ['collection', 'BatchShipped'],
  ['sorting', 'NodeReceivedAtCentre'],
  ['sorting', 'SortingRunCompleted'],
  ['sorting', 'LotDispatched'],
  ['retail', 'LotReceivedAtStore'],
  ['retail', 'ItemsSold'],
  ['retail', 'ItemsDonated'],
  ['retail', 'LotReturned'],
  ['recycling', 'LotReceivedByProcessor'],
  ['recycling', 'ProcessingRunCompleted'],
  ['recycling', 'NodeDisposed'],
];

const ceTypeOf = (service: ProducingService, event: string) => `vezel.${service}.v1.${event}`;

describe('the event catalogue', () => {
  it('publishes each service on the topic named after its proto package', () => {
    const topics = Object.fromEntries(Object.entries(eventCatalogue).map(([service, entry]) => [service, entry.topic]));
    expect(topics).toEqual({
      collection: 'vezel.collection.v1',
      sorting: 'vezel.sorting.v1',
      retail: 'vezel.retail.v1',
      recycling: 'vezel.recycling.v1',
    });
    expect(eventTopics).toEqual(['vezel.collection.v1', 'vezel.sorting.v1', 'vezel.retail.v1', 'vezel.recycling.v1']);
  });

  it.each(domainEvents)("lists %s's %s under its topic", (service, event) => {
    const typeNames = eventCatalogue[service].events.map((schema) => schema.typeName);
    expect(typeNames).toContain(`${eventCatalogue[service].topic}.${event}`);
  });

  it('lists exactly the events of the domain, each once', () => {
    const listed = eventSchemas.map((schema) => schema.typeName).sort();
    const expected = domainEvents.map(([service, event]) => ceTypeOf(service, event)).sort();
    expect(listed).toEqual(expected);
  });
});

describe('the event registry', () => {
  it.each(domainEvents)("resolves the ce_type of %s's %s to its schema and topic", (service, event) => {
    const ceType = ceTypeOf(service, event);
    expect(findEventSchema(ceType)?.typeName).toBe(ceType);
    expect(findEventTopic(ceType)).toBe(eventCatalogue[service].topic);
  });

  it('resolves neither unknown types nor command and query messages', () => {
    for (const ceType of [
      'vezel.collection.v1.BatchExploded',
      'vezel.collection.v1.CollectBatchRequest',
      'vezel.sorting.v1.SortingRunOutput',
      'vezel.ledger.v1.TraceForwardResponse',
      'BatchCollected',
      '',
    ]) {
      expect(findEventSchema(ceType)).toBeUndefined();
      expect(findEventTopic(ceType)).toBeUndefined();
    }
  });
});
