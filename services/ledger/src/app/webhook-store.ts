import type { PartnerKind } from '@vezel/access';
import type { EpcisQuery } from '../domain/index.ts';
import type { FeedFilter } from './follow-feed.ts';

/**
 * `standard`: Standard Webhooks JSON messages, one per feed event; `epcis`: an EPCIS 2.0 subscription, each event as
 * an EPCISQueryDocument with a GS1-Signature header.
 */
export type WebhookKind = 'standard' | 'epcis';

/** A signing key; during a rotation the previous one signs too until `expiresAt`. */
export interface WebhookSecret {
  readonly secret: string;
  readonly expiresAt?: Date;
}

/** What an endpoint is sent: feed events through the feed filter and, for EPCIS, the query's conditions too. */
export interface WebhookFilter {
  readonly feed: FeedFilter;
  readonly epcis?: EpcisQuery;
}

export interface Webhook {
  readonly id: string;
  readonly partnerId: string;
  readonly partnerKind: PartnerKind;
  readonly kind: WebhookKind;
  readonly url: string;
  readonly filter: WebhookFilter;
  readonly secrets: readonly WebhookSecret[];
  readonly queryName?: string;
  readonly status: 'active' | 'disabled';
  readonly disabledReason?: string;
  /** Feed positions looked at through here. */
  readonly scannedThrough: bigint;
  readonly pausedUntil?: Date;
  /** Whether the endpoint rests now, by the database's clock (the one `claim` and `due` go by). */
  readonly resting: boolean;
  /** Tries of the endpoint that failed in a row (429, 5xx, no answer); 0 once one is delivered. */
  readonly consecutiveFailures: number;
  readonly createdAt: Date;
}

/** How an endpoint is doing: for its owner, the dashboard and the operator. */
export interface WebhookHealth {
  readonly pending: number;
  readonly delivered: number;
  readonly dead: number;
  readonly lastDeliveredAt?: Date;
  readonly lastFailure?: { readonly at: Date; readonly status?: number; readonly error?: string };
}

/** One message to an endpoint, as stored. */
export interface WebhookDelivery {
  readonly webhookId: string;
  readonly position: bigint;
  readonly messageId: string;
  readonly body: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastAttemptAt?: Date;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly deliveredAt?: Date;
}

/** A message found for an endpoint while scanning the feed. */
export interface NewWebhookDelivery {
  readonly position: bigint;
  readonly messageId: string;
  readonly nodeIds: readonly string[];
  readonly body: string;
}

/** A failed try, as the store records it. */
export interface WebhookTryRecord {
  readonly kind: 'failed';
  readonly status?: number;
  readonly error: string;
  /** Undefined: that was the last try (a dead letter). */
  readonly nextAttemptAt?: Date;
}

/** Where webhooks and their deliveries live (PostgreSQL), shared by every ledger process. */
export interface WebhookStore {
  create(webhook: Webhook): Promise<void>;
  find(id: string): Promise<Webhook | undefined>;
  /** Every endpoint, or one partner's. */
  list(partnerId?: string): Promise<readonly Webhook[]>;
  health(ids: readonly string[]): Promise<ReadonlyMap<string, WebhookHealth>>;
  remove(id: string): Promise<boolean>;
  setStatus(id: string, status: 'active' | 'disabled', reason?: string): Promise<void>;
  setSecrets(id: string, secrets: readonly WebhookSecret[]): Promise<void>;
  /**
   * Sends again what matches after `after`: dead letters only, or (`all`) every event, by scanning the feed from
   * there again. Answers how many deliveries were put back to pending.
   */
  replay(id: string, after: bigint, what: 'dead' | 'all'): Promise<number>;
  deliveries(
    id: string,
    page: { readonly status?: WebhookDelivery['status']; readonly after?: bigint; readonly limit: number },
  ): Promise<readonly WebhookDelivery[]>;

  /**
   * Takes an active endpoint with work (feed events after `scanned_through` up to `settledThrough`, or deliveries
   * due) that no other process holds, leased to `owner` for `leaseMs`; the one worked least recently first.
   */
  claim(owner: string, leaseMs: number, settledThrough: bigint): Promise<Webhook | undefined>;
  /** Extends `owner`'s lease to `leaseMs` from now; false when `owner` no longer holds the endpoint. */
  renew(id: string, owner: string, leaseMs: number): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;
  /**
   * Adds the messages found scanning the feed from `from` through `through`, if the endpoint was still scanned
   * through `from` (a replay meanwhile wins). A message already there is put back to pending with a fresh body.
   */
  enqueue(id: string, from: bigint, through: bigint, deliveries: readonly NewWebhookDelivery[]): Promise<void>;
  /**
   * Pending deliveries due now, in position order, leaving out any with an earlier pending delivery of one of
   * its nodes: per node, events arrive in order.
   */
  due(id: string, limit: number): Promise<readonly WebhookDelivery[]>;
  /**
   * Records a failed try of a pending message; a message no longer pending (delivered meanwhile by a worker that
   * took the endpoint over) is left as it is, so a late failure cannot send it again.
   */
  recordTry(id: string, position: bigint, record: WebhookTryRecord): Promise<void>;
  /** Records deliveries the receiver took (2xx), in one statement; the endpoint answers again (no failures). */
  recordDelivered(
    id: string,
    delivered: readonly { readonly position: bigint; readonly status: number }[],
  ): Promise<void>;
  /**
   * Forgets delivered messages delivered before `before`, a bounded number per call; answers how many. Pending and
   * dead ones stay: they are work and the partner's to replay.
   */
  pruneDelivered(before: Date, limit: number): Promise<number>;
  /** One more failure in a row: the endpoint rests `restMs` from now (never shorter than a rest it has). */
  rest(id: string, restMs: number): Promise<void>;
}
