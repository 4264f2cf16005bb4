import type { ProducingService } from '@vezel/contracts';
import { toCloudEventHeaders, type EventRecord } from '@vezel/messaging';
import { encodeLedgerFact } from '../../src/adapters/protobuf/encode-ledger-fact.ts';
import { nodeIdsOf, type LedgerFact } from '../../src/domain/index.ts';

/*
 * The producers' side, for tests: a ledger fact as the chain service would publish it (protobuf value,
 * CloudEvents headers, keyed by its node), so a test can feed the consumer real wire events and compare what the
 * ledger stored with the fact it started from.
 */

/** The topic each fact type is published on, per the contract's catalogue. */
export type TopicOf = (service: ProducingService) => string;

export const serviceOf: Record<LedgerFact['type'], ProducingService> = {
  ContainerRegistered: 'collection',
  BatchCollected: 'collection',
  BatchShipped: 'collection',
  NodeReceivedAtCentre: 'sorting',
  SortingRunCompleted: 'sorting',
  LotDispatched: 'sorting',
  LotReceivedAtStore: 'retail',
  ItemsSold: 'retail',
  ItemsDonated: 'retail',
  LotReturned: 'retail',
  LotReceivedByProcessor: 'recycling',
  ProcessingRunCompleted: 'recycling',
  NodeDisposed: 'recycling',
};

/** A fact as the event its producer publishes: on its service's topic, keyed by its first node. */
export function factToEventRecord(fact: LedgerFact, topicOf: TopicOf): EventRecord {
  const { schema, value } = encodeLedgerFact(fact);
  const subject = nodeIdsOf(fact)[0] ?? (fact.type === 'ContainerRegistered' ? fact.containerId : fact.eventId);
  return {
    topic: topicOf(serviceOf[fact.type]),
    key: subject,
    value,
    headers: toCloudEventHeaders({
      id: fact.eventId,
      type: schema.typeName,
      source: `/vezel/${serviceOf[fact.type]}`,
      subject,
      time: fact.type === 'ContainerRegistered' ? fact.registeredAt : new Date('2026-06-01T00:00:00Z'),
    }),
  };
}
