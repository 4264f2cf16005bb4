import { assertNever } from '@vezel/errors';
import type { LedgerFact } from './ledger-fact.ts';

/** The business time of a fact: when it happened in the chain, whatever its field is called. */
export function occurredAtOf(fact: LedgerFact): Date {
  switch (fact.type) {
    case 'ContainerRegistered':
      return fact.registeredAt;
    case 'BatchCollected':
      return fact.collectedAt;
    case 'BatchShipped':
      return fact.shippedAt;
    case 'NodeReceivedAtCentre':
    case 'LotReceivedAtStore':
    case 'LotReceivedByProcessor':
      return fact.receivedAt;
    case 'SortingRunCompleted':
    case 'ProcessingRunCompleted':
      return fact.completedAt;
    case 'LotDispatched':
      return fact.dispatchedAt;
    case 'ItemsSold':
      return fact.soldAt;
    case 'ItemsDonated':
      return fact.donatedAt;
    case 'LotReturned':
      return fact.returnedAt;
    case 'NodeDisposed':
      return fact.disposedAt;
    default:
      return assertNever(fact, 'ledger fact');
  }
}

/**
 * Orders facts by business time, then by event id. Wherever the ledger needs "the oldest" or "in time order" it
 * uses this total order, never arrival order, so the result depends on the set of facts alone. Event ids are
 * UUIDv7 in production, so equal times still fall back to publication order.
 */
export function compareFactsByTime(a: LedgerFact, b: LedgerFact): number {
  const byTime = occurredAtOf(a).getTime() - occurredAtOf(b).getTime();
  if (byTime !== 0) return byTime;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
