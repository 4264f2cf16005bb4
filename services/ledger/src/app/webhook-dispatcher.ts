import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  deliveryVerdictOf,
  endpointRestMsOf,
  nodeIdsOf,
  type DeliveryAnswer,
  type DeliveryVerdict,
} from '../domain/index.ts';
import type { FeedHub } from './feed-hub.ts';
import { feedEnd } from './follow-feed.ts';
import { startLeaseRenewals } from './lease-renewals.ts';
import type { FeedEvent, LedgerQueries } from './ledger-queries.ts';
import type { Webhook, WebhookDelivery, WebhookStore } from './webhook-store.ts';

/** Sends one message to an endpoint and says what came back (an adapter: HTTP, signed). */
export interface WebhookTransport {
  send(webhook: Webhook, delivery: WebhookDelivery): Promise<DeliveryAnswer>;
}

/** How the dispatcher paces itself; the defaults suit receivers on the internet. */
export interface WebhookDispatchLimits {
  /** Endpoints worked at once by this process. Default 8. */
  readonly workers?: number;
  /**
   * How long an endpoint stays a worker's without a renewal (renewed every third of it while worked); another takes
   * it over after that when the process died.
   */
  readonly leaseMs?: number;
  /** How often to look for work when nothing wakes the dispatcher (retries fall due, other processes apply). */
  readonly pollMs?: number;
  /** Feed events one scan of an endpoint reads. Default 500. */
  readonly scanPageSize?: number;
  /** Deliveries one turn on an endpoint sends at most, before the next endpoint's turn. Default 500. */
  readonly sendBatch?: number;
  /** Deliveries to one endpoint in flight at once (never two of one node). Default 8. */
  readonly concurrency?: number;
  /** The waits between tries (Standard Webhooks' schedule by default). */
  readonly retryScheduleMs?: readonly number[];
  /**
   * How long delivered messages are kept (the deliveries list, the health counts, a replay of dead letters does not
   * need them); older ones are deleted every `pruneEveryMs`. Default 7 days, hourly.
   */
  readonly retentionMs?: number;
  readonly pruneEveryMs?: number;
}

/**
 * An endpoint's lease as a turn holds it: `lost` once a renewal found another holder or failed, or none has landed
 * for half a lease.
 */
interface HeldLease {
  readonly lost: boolean;
}

export interface WebhookDispatcher {
  /** Something may be deliverable now (events settled). */
  wake(): void;
  /** Stops after the deliveries under way, releasing every endpoint it holds. */
  stop(): Promise<void>;
}

/**
 * Pushes the partner feed to webhooks. Workers take an endpoint at a time (leased in the database, so several
 * ledger processes share the endpoints and a dead one's are taken over), scan the feed after where the endpoint
 * was scanned through as its partner may read it (the read policy), store a message per matching event, and send
 * what is due, in position order, never a node's event before its earlier ones are delivered or dead. Delivery
 * is at least once: a process that dies between a receiver's 2xx and recording it sends that message again, with
 * the same `webhook-id`.
 */
export function startWebhookDispatcher(options: {
  readonly store: WebhookStore;
  readonly transport: WebhookTransport;
  /** The ledger as the endpoint's partner may read it. */
  readonly queriesFor: (webhook: Webhook) => Promise<LedgerQueries>;
  /** The message body for an event, or undefined when the endpoint does not get it (an EPCIS query's conditions). */
  readonly render: (webhook: Webhook, event: FeedEvent) => string | undefined;
  /** Unfiltered queries: where the feed's settled end is. */
  readonly queries: LedgerQueries;
  readonly hub: FeedHub;
  readonly limits?: WebhookDispatchLimits;
  readonly onError: (error: unknown) => void;
  /** Told what became of every try once it is recorded (for the delivery and failure rates). */
  readonly onTried?: (outcome: DeliveryVerdict['kind']) => void;
}): WebhookDispatcher {
  const { store, hub } = options;
  const owner = `ledger-${randomUUID()}`;
  let claims = 0;
  const workers = options.limits?.workers ?? 8;
  const leaseMs = options.limits?.leaseMs ?? 60_000;
  const pollMs = options.limits?.pollMs ?? 1_000;
  const scanPageSize = options.limits?.scanPageSize ?? 500;
  const sendBatch = options.limits?.sendBatch ?? 500;
  const concurrency = options.limits?.concurrency ?? 8;
  const schedule = options.limits?.retryScheduleMs;
  const stopping = new AbortController();

  const work = async (webhook: Webhook, lease: HeldLease): Promise<void> => {
    const started = Date.now();
    const ledger = await options.queriesFor(webhook);
    const page = await ledger.feed({ ...webhook.filter.feed, after: webhook.scannedThrough, limit: scanPageSize });
    const last = page.events.at(-1);
    const through = page.events.length === scanPageSize && last !== undefined ? last.position : page.settledThrough;
    if (through > webhook.scannedThrough) {
      const found = page.events.flatMap((event) => {
        const body = options.render(webhook, event);
        return body === undefined
          ? []
          : [{ position: event.position, messageId: event.eventId, nodeIds: nodeIdsOf(event.fact), body }];
      });
      await store.enqueue(webhook.id, webhook.scannedThrough, through, found);
    }
    if (webhook.resting) return;
    // A failing endpoint is sent one message at a time: a receiver that hangs holds one worker, not eight.
    const inFlight = webhook.consecutiveFailures > 0 ? 1 : concurrency;
    // The due deliveries share no node (a later event of a node waits for its earlier one), so a handful go at
    // once without breaking any node's order. Delivering them makes the next of their nodes due: the turn asks
    // again until nothing is due, or it has sent `sendBatch` or worked half a lease's time (other endpoints wait),
    // or the endpoint may no longer be its own (see holdLease: another may be sending the same messages).
    let sent = 0;
    while (sent < sendBatch) {
      const due = await store.due(webhook.id, sendBatch - sent);
      if (due.length === 0) return;
      for (let start = 0; start < due.length; start += inFlight) {
        if (stopping.signal.aborted || lease.lost || Date.now() - started > leaseMs / 2) return;
        const sending = due.slice(start, start + inFlight);
        const answers = await Promise.all(sending.map((delivery) => options.transport.send(webhook, delivery)));
        sent += sending.length;
        if (!(await record(webhook, sending, answers))) return;
      }
    }
  };

  /** Records a round of tries; false when the endpoint is to rest (disabled, or held back after a failure). */
  const record = async (
    webhook: Webhook,
    sent: readonly WebhookDelivery[],
    answers: readonly DeliveryAnswer[],
  ): Promise<boolean> => {
    const now = new Date();
    const delivered: { position: bigint; status: number }[] = [];
    let gone = false;
    // The latest next try of a message whose failure says the receiver is unwell: the endpoint rests at least that.
    let restUntil: Date | undefined;
    const verdicts: DeliveryVerdict['kind'][] = [];
    for (const [index, delivery] of sent.entries()) {
      const answer = answers[index]!;
      const verdict = deliveryVerdictOf(answer, delivery.attempts, now, {
        random: Math.random,
        ...(schedule === undefined ? {} : { schedule }),
      });
      verdicts.push(verdict.kind);
      const status = answer.kind === 'answered' ? answer.status : undefined;
      if (verdict.kind === 'delivered') {
        delivered.push({ position: delivery.position, status: status ?? 200 });
        continue;
      }
      const failure = {
        kind: 'failed' as const,
        ...(status === undefined ? {} : { status }),
        error: answer.kind === 'failed' ? answer.error : `the receiver answered ${status}`,
      };
      if (verdict.kind === 'dead') {
        await store.recordTry(webhook.id, delivery.position, failure);
      } else if (verdict.kind === 'gone') {
        await store.recordTry(webhook.id, delivery.position, { ...failure, nextAttemptAt: now });
        gone = true;
      } else {
        await store.recordTry(webhook.id, delivery.position, { ...failure, nextAttemptAt: verdict.at });
        if (verdict.pauseEndpoint && (restUntil === undefined || verdict.at > restUntil)) restUntil = verdict.at;
      }
    }
    await store.recordDelivered(webhook.id, delivered);
    for (const verdict of verdicts) options.onTried?.(verdict);
    // Once per round, after every record: a partner who enables the endpoint after seeing it disabled is not
    // overruled by the rest of a round that learnt of the same 410.
    if (gone) {
      await store.setStatus(webhook.id, 'disabled', 'the receiver answered 410 Gone');
      return false;
    }
    if (restUntil !== undefined) {
      // Each failure in a row rests the endpoint longer; a day of them disables it (its messages wait).
      const restMs = endpointRestMsOf(webhook.consecutiveFailures + 1, {
        random: Math.random,
        ...(schedule === undefined ? {} : { schedule }),
      });
      if (restMs === undefined) {
        await store.setStatus(webhook.id, 'disabled', 'no answer from the receiver through the whole retry schedule');
      } else {
        await store.rest(webhook.id, Math.max(restMs, restUntil.getTime() - now.getTime()));
      }
      return false;
    }
    return true;
  };

  /**
   * Renews an endpoint's lease while a turn works it, so a turn that outlasts the lease (a receiver slower to
   * answer than the lease is long, a stalled database) is not taken over by another worker that would send the same
   * messages again, possibly out of a node's order. A lease lapses only when its holder stops renewing it: it died,
   * or its renewals stopped landing. The turn counts the lease as lost once a renewal finds another holder or fails,
   * and also once no renewal has landed for half a lease (counted from when the last that landed was sent, or from
   * just before the claim): then the lease may lapse before another round ends, so none starts.
   */
  const holdLease = (id: string, token: string, claimedAt: number): HeldLease & { end(): Promise<void> } => {
    const renewals = startLeaseRenewals({
      renew: () => store.renew(id, token, leaseMs),
      everyMs: leaseMs / 3,
      since: claimedAt,
      onError: options.onError,
    });
    return {
      get lost() {
        return renewals.refused || renewals.failed || performance.now() - renewals.keptSince > leaseMs / 2;
      },
      end: () => renewals.stop(),
    };
  };

  // When one worker finds nothing to do, the others wait with it instead of asking the database again.
  let idle: Promise<void> | undefined;
  const waitForWork = (): Promise<void> =>
    (idle ??= hub.next(pollMs, stopping.signal).finally(() => {
      idle = undefined;
    }));
  const runWorker = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      if (idle !== undefined) {
        await idle;
        continue;
      }
      let webhook: Webhook | undefined;
      // A token per claim, not per process: a worker whose lease lapsed must not release (or renew) the claim
      // another worker of this process has since made.
      const token = `${owner}:${(claims += 1)}`;
      let lease: ReturnType<typeof holdLease> | undefined;
      try {
        const settledThrough = await feedEnd(options.queries, {});
        const claimedAt = performance.now();
        webhook = await store.claim(token, leaseMs, settledThrough);
        if (webhook === undefined) {
          await waitForWork();
          continue;
        }
        lease = holdLease(webhook.id, token, claimedAt);
        await work(webhook, lease);
      } catch (error) {
        options.onError(error);
        await waitForWork();
      } finally {
        await lease?.end();
        if (webhook !== undefined) await store.release(webhook.id, token).catch(options.onError);
      }
    }
  };

  // Delivered messages would otherwise pile up forever, one row per event per endpoint.
  const retentionMs = options.limits?.retentionMs ?? 7 * 24 * 3_600_000;
  const pruneEveryMs = options.limits?.pruneEveryMs ?? 3_600_000;
  const pruneOld = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        const before = new Date(Date.now() - retentionMs);
        while (!stopping.signal.aborted && (await store.pruneDelivered(before, 10_000)) === 10_000);
      } catch (error) {
        options.onError(error);
      }
      // A stop that came while the statement ran has already fired: the wait must see it, not sleep an hour.
      await delay(pruneEveryMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };

  const running = [...Array.from({ length: workers }, () => runWorker()), pruneOld()];
  return {
    wake: () => hub.notify(),
    async stop() {
      stopping.abort();
      await Promise.all(running);
    },
  };
}
