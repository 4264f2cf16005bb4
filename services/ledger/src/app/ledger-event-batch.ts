import type { LoggedEvent } from '@vezel/messaging';
import type { LedgerFact } from '../domain/index.ts';

/**
 * One batch of one (topic, partition) as the ledger stores it: the facts its events carried, the events it could
 * not use, and the position to record with them. Decoding builds it; the fact store writes it in one transaction.
 */
export interface LedgerEventBatch {
  readonly topic: string;
  readonly partition: number;
  /** The offset of the batch's last event: stored as the position, so consumption resumes right after it. */
  readonly lastOffset: bigint;
  /** When the batch's last event was published (its `ce_time`), if it says: for lag in seconds. */
  readonly lastEventAt?: Date;
  readonly facts: readonly PositionedFact[];
  readonly rejected: readonly RejectedEvent[];
}

/** A fact and where in the log its event was. */
export interface PositionedFact {
  readonly fact: LedgerFact;
  readonly offset: bigint;
}

/**
 * An event the ledger could not use, kept whole (its place, headers and bytes as logged) with the reason, so it can
 * be inspected and replayed.
 */
export interface RejectedEvent extends Pick<LoggedEvent, 'offset' | 'headers' | 'value'> {
  readonly reason: string;
  readonly eventId?: string;
  readonly type?: string;
}
