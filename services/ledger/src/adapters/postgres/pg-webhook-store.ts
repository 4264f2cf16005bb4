import type { PartnerKind } from '@vezel/access';
import type { Queryable } from '@vezel/db';
import type {
  Webhook,
  WebhookDelivery,
  WebhookFilter,
  WebhookHealth,
  WebhookSecret,
  WebhookStore,
} from '../../app/webhook-store.ts';
import type { EpcisQuery } from '../../domain/index.ts';

interface WebhookRow {
  id: string;
  partner_id: string;
  partner_kind: string;
  kind: 'standard' | 'epcis';
  url: string;
  filter: StoredFilter;
  secrets: { secret: string; expiresAt?: string }[];
  query_name: string | null;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  scanned_through: bigint;
  paused_until: Date | null;
  consecutive_failures: number;
  /** Computed by the query that reads the row, by the database's clock. */
  resting?: boolean;
  created_at: Date;
}

interface DeliveryRow {
  webhook_id: string;
  position: bigint;
  message_id: string;
  body: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

/** The filter as JSON: times as ISO strings. */
interface StoredFilter {
  feed: WebhookFilter['feed'];
  epcis?: Omit<EpcisQuery, 'eventTimeFrom' | 'eventTimeBefore'> & { eventTimeFrom?: string; eventTimeBefore?: string };
}

/**
 * A pending delivery that may go now: due, and no earlier pending delivery of the endpoint shares a node with it
 * (that one goes first). One condition for `claim` and `due`, so an endpoint is claimed only when it has such work.
 */
const sendableSql = (d: string): string => `
  ${d}.status = 'pending' and ${d}.next_attempt_at <= now()
  and not exists (select 1 from ledger_webhook_deliveries e
                   where e.webhook_id = ${d}.webhook_id and e.status = 'pending' and e.position < ${d}.position
                     and e.node_ids && ${d}.node_ids)`;

export function createPgWebhookStore(db: Queryable): WebhookStore {
  return {
    async create(webhook) {
      await db.query(
        `insert into ledger_webhooks (id, partner_id, partner_kind, kind, url, filter, secrets, query_name, status,
                                      scanned_through, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          webhook.id,
          webhook.partnerId,
          webhook.partnerKind,
          webhook.kind,
          webhook.url,
          JSON.stringify(storedFilterOf(webhook.filter)),
          JSON.stringify(storedSecretsOf(webhook.secrets)),
          webhook.queryName ?? null,
          webhook.status,
          webhook.scannedThrough.toString(),
          webhook.createdAt,
        ],
      );
    },
    async find(id) {
      const { rows } = await db.query<WebhookRow>(`select * from ledger_webhooks where id = $1`, [id]);
      return rows[0] === undefined ? undefined : webhookOf(rows[0]);
    },
    async list(partnerId) {
      const { rows } = await db.query<WebhookRow>(
        `select * from ledger_webhooks where $1::text is null or partner_id = $1 order by created_at, id`,
        [partnerId ?? null],
      );
      return rows.map(webhookOf);
    },
    async health(ids) {
      const { rows } = await db.query<{
        webhook_id: string;
        pending: number;
        delivered: number;
        dead: number;
        last_delivered_at: Date | null;
        failed_at: Date | null;
        failed_status: number | null;
        failed_error: string | null;
      }>(
        `select c.webhook_id, c.pending, c.delivered, c.dead, c.last_delivered_at,
                f.last_attempt_at as failed_at, f.last_status as failed_status, f.last_error as failed_error
           from (select webhook_id,
                        count(*) filter (where status = 'pending')::int as pending,
                        count(*) filter (where status = 'delivered')::int as delivered,
                        count(*) filter (where status = 'dead')::int as dead,
                        max(delivered_at) as last_delivered_at
                   from ledger_webhook_deliveries where webhook_id = any($1) group by webhook_id) c
           left join lateral (
             select last_attempt_at, last_status, last_error from ledger_webhook_deliveries
              where webhook_id = c.webhook_id and last_error is not null
              order by last_attempt_at desc limit 1) f on true`,
        [ids],
      );
      const health = new Map<string, WebhookHealth>();
      for (const id of ids) health.set(id, { pending: 0, delivered: 0, dead: 0 });
      for (const row of rows) {
        health.set(row.webhook_id, {
          pending: row.pending,
          delivered: row.delivered,
          dead: row.dead,
          ...(row.last_delivered_at === null ? {} : { lastDeliveredAt: row.last_delivered_at }),
          ...(row.failed_at === null
            ? {}
            : {
                lastFailure: {
                  at: row.failed_at,
                  ...(row.failed_status === null ? {} : { status: row.failed_status }),
                  ...(row.failed_error === null ? {} : { error: row.failed_error }),
                },
              }),
        });
      }
      return health;
    },
    async remove(id) {
      const { rowCount } = await db.query(`delete from ledger_webhooks where id = $1`, [id]);
      return (rowCount ?? 0) > 0;
    },
    async setStatus(id, status, reason) {
      await db.query(
        `update ledger_webhooks set status = $2, disabled_reason = $3, paused_until = null, consecutive_failures = 0
          where id = $1`,
        [id, status, status === 'disabled' ? (reason ?? null) : null],
      );
    },
    async setSecrets(id, secrets) {
      await db.query(`update ledger_webhooks set secrets = $2 where id = $1`, [
        id,
        JSON.stringify(storedSecretsOf(secrets)),
      ]);
    },
    async replay(id, after, what) {
      if (what === 'dead') {
        const { rowCount } = await db.query(
          `update ledger_webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now()
            where webhook_id = $1 and status = 'dead' and position > $2`,
          [id, after.toString()],
        );
        await db.query(`update ledger_webhooks set paused_until = null where id = $1`, [id]);
        return rowCount ?? 0;
      }
      // Scanning again from `after` finds every matching event and puts each message back to pending.
      const { rows } = await db.query<{ known: number }>(
        `with rewound as (
           update ledger_webhooks set scanned_through = least(scanned_through, $2), paused_until = null
            where id = $1 returning id)
         select count(*)::int as known from ledger_webhook_deliveries d join rewound on d.webhook_id = rewound.id
          where d.position > $2`,
        [id, after.toString()],
      );
      return rows[0]?.known ?? 0;
    },
    async deliveries(id, page) {
      const { rows } = await db.query<DeliveryRow>(
        `select * from ledger_webhook_deliveries
          where webhook_id = $1 and ($2::text is null or status = $2) and position > $3
          order by position limit $4`,
        [id, page.status ?? null, (page.after ?? 0n).toString(), page.limit],
      );
      return rows.map(deliveryOf);
    },
    async claim(owner, leaseMs, settledThrough) {
      const { rows } = await db.query<WebhookRow>(
        `update ledger_webhooks w
            set lease_owner = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000)
          where w.id = (
            select c.id from ledger_webhooks c
             where c.status = 'active' and (c.lease_until is null or c.lease_until < now())
               and (c.scanned_through < $3
                    or ((c.paused_until is null or c.paused_until <= now())
                        and exists (select 1 from ledger_webhook_deliveries d
                                     where d.webhook_id = c.id and ${sendableSql('d')})))
             order by c.worked_at nulls first
             limit 1
             for update skip locked)
          returning w.*, coalesce(w.paused_until > now(), false) as resting`,
        [owner, leaseMs, settledThrough.toString()],
      );
      return rows[0] === undefined ? undefined : webhookOf(rows[0]);
    },
    async renew(id, owner, leaseMs) {
      const { rowCount } = await db.query(
        `update ledger_webhooks set lease_until = now() + make_interval(secs => $3::double precision / 1000)
          where id = $1 and lease_owner = $2`,
        [id, owner, leaseMs],
      );
      return (rowCount ?? 0) > 0;
    },
    async release(id, owner) {
      await db.query(
        `update ledger_webhooks set lease_owner = null, lease_until = null, worked_at = clock_timestamp()
          where id = $1 and lease_owner = $2`,
        [id, owner],
      );
    },
    async enqueue(id, from, through, deliveries) {
      await db.query(
        `with moved as (
           update ledger_webhooks set scanned_through = $3 where id = $1 and scanned_through = $2 returning id)
         insert into ledger_webhook_deliveries (webhook_id, position, message_id, node_ids, body, status,
                                                next_attempt_at)
         select moved.id, d.position, d.message_id, d.node_ids, d.body, 'pending', now()
           from moved cross join jsonb_to_recordset($4::jsonb)
                as d(position bigint, message_id text, node_ids text[], body text)
         on conflict (webhook_id, position) do update
            set status = 'pending', attempts = 0, next_attempt_at = now(), body = excluded.body`,
        [
          id,
          from.toString(),
          through.toString(),
          JSON.stringify(
            deliveries.map((delivery) => ({
              position: delivery.position.toString(),
              message_id: delivery.messageId,
              node_ids: delivery.nodeIds,
              body: delivery.body,
            })),
          ),
        ],
      );
    },
    async due(id, limit) {
      const { rows } = await db.query<DeliveryRow>(
        `select * from ledger_webhook_deliveries d where d.webhook_id = $1 and ${sendableSql('d')}
          order by d.position limit $2`,
        [id, limit],
      );
      return rows.map(deliveryOf);
    },
    async recordTry(id, position, record) {
      await db.query(
        `update ledger_webhook_deliveries
            set status = case when $3::timestamptz is null then 'dead' else 'pending' end,
                next_attempt_at = coalesce($3::timestamptz, next_attempt_at),
                attempts = attempts + 1, last_attempt_at = now(), last_status = $4, last_error = $5
          where webhook_id = $1 and position = $2 and status = 'pending'`,
        [id, position.toString(), record.nextAttemptAt ?? null, record.status ?? null, record.error],
      );
    },
    async recordDelivered(id, delivered) {
      if (delivered.length === 0) return;
      await db.query(
        `with answering as (update ledger_webhooks set consecutive_failures = 0 where id = $1 and consecutive_failures > 0)
         update ledger_webhook_deliveries d
            set status = 'delivered', attempts = attempts + 1, last_attempt_at = now(), last_status = t.status,
                delivered_at = now()
           from unnest($2::bigint[], $3::int[]) as t(position, status)
          where d.webhook_id = $1 and d.position = t.position`,
        [id, delivered.map((item) => item.position.toString()), delivered.map((item) => item.status)],
      );
    },
    async pruneDelivered(before, limit) {
      const { rowCount } = await db.query(
        `delete from ledger_webhook_deliveries
          where ctid = any(array(select ctid from ledger_webhook_deliveries
                                  where status = 'delivered' and delivered_at < $1 limit $2))`,
        [before, limit],
      );
      return rowCount ?? 0;
    },
    async rest(id, restMs) {
      await db.query(
        `update ledger_webhooks
            set consecutive_failures = consecutive_failures + 1,
                paused_until = greatest(paused_until, now() + make_interval(secs => $2::double precision / 1000))
          where id = $1`,
        [id, restMs],
      );
    },
  };
}

function storedFilterOf(filter: WebhookFilter): StoredFilter {
  if (filter.epcis === undefined) return { feed: filter.feed };
  const { eventTimeFrom, eventTimeBefore, ...rest } = filter.epcis;
  return {
    feed: filter.feed,
    epcis: {
      ...rest,
      ...(eventTimeFrom === undefined ? {} : { eventTimeFrom: eventTimeFrom.toISOString() }),
      ...(eventTimeBefore === undefined ? {} : { eventTimeBefore: eventTimeBefore.toISOString() }),
    },
  };
}

function storedSecretsOf(secrets: readonly WebhookSecret[]): unknown {
  return secrets.map((secret) => ({
    secret: secret.secret,
    ...(secret.expiresAt === undefined ? {} : { expiresAt: secret.expiresAt.toISOString() }),
  }));
}

function webhookOf(row: WebhookRow): Webhook {
  const { epcis } = row.filter;
  const { eventTimeFrom, eventTimeBefore, ...conditions } = epcis ?? {};
  return {
    id: row.id,
    partnerId: row.partner_id,
    partnerKind: row.partner_kind as PartnerKind,
    kind: row.kind,
    url: row.url,
    filter: {
      feed: row.filter.feed,
      ...(epcis === undefined
        ? {}
        : {
            epcis: {
              ...conditions,
              ...(eventTimeFrom === undefined ? {} : { eventTimeFrom: new Date(eventTimeFrom) }),
              ...(eventTimeBefore === undefined ? {} : { eventTimeBefore: new Date(eventTimeBefore) }),
            },
          }),
    },
    secrets: row.secrets.map((secret) => ({
      secret: secret.secret,
      ...(secret.expiresAt === undefined ? {} : { expiresAt: new Date(secret.expiresAt) }),
    })),
    ...(row.query_name === null ? {} : { queryName: row.query_name }),
    status: row.status,
    ...(row.disabled_reason === null ? {} : { disabledReason: row.disabled_reason }),
    scannedThrough: BigInt(row.scanned_through),
    ...(row.paused_until === null ? {} : { pausedUntil: row.paused_until }),
    resting: row.resting ?? false,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at,
  };
}

function deliveryOf(row: DeliveryRow): WebhookDelivery {
  return {
    webhookId: row.webhook_id,
    position: BigInt(row.position),
    messageId: row.message_id,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_attempt_at === null ? {} : { lastAttemptAt: row.last_attempt_at }),
    ...(row.last_status === null ? {} : { lastStatus: row.last_status }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
  };
}
