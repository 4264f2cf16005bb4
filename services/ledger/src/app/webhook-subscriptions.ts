import { randomBytes, randomUUID } from 'node:crypto';
import type { PartnerKind, Principal } from '@vezel/access';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@vezel/errors';
import { requireWebhookTarget, type WebhookTargetRules } from '../domain/index.ts';
import { feedEnd } from './follow-feed.ts';
import type { LedgerQueries } from './ledger-queries.ts';
import type {
  Webhook,
  WebhookDelivery,
  WebhookFilter,
  WebhookHealth,
  WebhookKind,
  WebhookStore,
} from './webhook-store.ts';

/**
 * Who manages webhooks: a partner its own; the operator's `admin` credentials (and a ledger without access
 * control) every one. A read-only operator key manages the operator's own only.
 */
export interface WebhookOwner {
  readonly partnerId: string;
  readonly partnerKind: PartnerKind;
  readonly managesAll: boolean;
}

export function webhookOwnerOf(caller: Principal | undefined): WebhookOwner {
  if (caller === undefined) return { partnerId: 'open-access', partnerKind: 'operator', managesAll: true };
  return {
    partnerId: caller.partnerId,
    partnerKind: caller.kind,
    managesAll: caller.kind === 'operator' && caller.scopes.has('admin'),
  };
}

/** A webhook with how it is doing. */
export interface WebhookView {
  readonly webhook: Webhook;
  readonly health: WebhookHealth;
}

/**
 * Endpoints one partner may register: each is scanned and sent to, so the bound keeps one partner's cost bounded.
 * The operator, who runs the chain's own integrations, has none.
 */
export const MAX_WEBHOOKS_PER_PARTNER = 20;

/** How long a rotated-out secret still signs, so receivers switch without missing a message. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

export interface WebhookRegistration {
  readonly kind: WebhookKind;
  readonly url: string;
  readonly filter: WebhookFilter;
  /** The last feed position the partner has; default the feed's end (new events only). */
  readonly after?: bigint;
  /** An EPCIS subscription's signatureToken (the subscriber's); a standard webhook's secret is generated. */
  readonly signatureToken?: string;
  readonly queryName?: string;
}

/**
 * Registering, inspecting and steering webhooks: partners manage their own, and a webhook sees what its partner
 * may read (the dispatcher applies the read policy as the partner's). A webhook of another partner is "not found"
 * rather than forbidden, so ids cannot be probed.
 */
export function createWebhookSubscriptions(options: {
  readonly store: WebhookStore;
  readonly queries: LedgerQueries;
  readonly rules: WebhookTargetRules;
  /** Something changed that the dispatcher should look at now. */
  readonly wake: () => void;
}) {
  const { store } = options;
  const ownWebhook = async (owner: WebhookOwner, id: string): Promise<Webhook> => {
    const webhook = await store.find(id);
    if (webhook === undefined || (!owner.managesAll && webhook.partnerId !== owner.partnerId)) {
      throw new NotFoundError(`no webhook ${id}`, { details: { id } });
    }
    return webhook;
  };
  const viewOf = async (webhook: Webhook): Promise<WebhookView> => ({
    webhook,
    health: (await store.health([webhook.id])).get(webhook.id) ?? { pending: 0, delivered: 0, dead: 0 },
  });
  return {
    async register(
      owner: WebhookOwner,
      registration: WebhookRegistration,
    ): Promise<{ readonly view: WebhookView; readonly secret?: string }> {
      requireWebhookTarget(registration.url, options.rules, registration.kind === 'epcis' ? 'dest' : 'url');
      const existing = owner.managesAll ? [] : await store.list(owner.partnerId);
      if (existing.length >= MAX_WEBHOOKS_PER_PARTNER) {
        throw new ConflictError(
          `${owner.partnerId} has ${existing.length} webhooks, the most one partner may have; delete one first`,
          { details: { partnerId: owner.partnerId } },
        );
      }
      const secret = registration.kind === 'standard' ? newWebhookSecret() : registration.signatureToken;
      const webhook: Webhook = {
        id: `${registration.kind === 'epcis' ? 'sub' : 'wh'}_${randomUUID()}`,
        partnerId: owner.partnerId,
        partnerKind: owner.partnerKind,
        kind: registration.kind,
        url: registration.url,
        filter: registration.filter,
        secrets: secret === undefined ? [] : [{ secret }],
        ...(registration.queryName === undefined ? {} : { queryName: registration.queryName }),
        status: 'active',
        resting: false,
        consecutiveFailures: 0,
        scannedThrough: registration.after ?? (await feedEnd(options.queries, {})),
        createdAt: new Date(),
      };
      await store.create(webhook);
      options.wake();
      return {
        view: { webhook, health: { pending: 0, delivered: 0, dead: 0 } },
        ...(registration.kind === 'standard' && secret !== undefined ? { secret } : {}),
      };
    },
    async list(owner: WebhookOwner, kind: WebhookKind, queryName?: string): Promise<readonly WebhookView[]> {
      const webhooks = (await store.list(owner.managesAll ? undefined : owner.partnerId)).filter(
        (webhook) => webhook.kind === kind && (queryName === undefined || webhook.queryName === queryName),
      );
      const health = await store.health(webhooks.map((webhook) => webhook.id));
      return webhooks.map((webhook) => ({
        webhook,
        health: health.get(webhook.id) ?? { pending: 0, delivered: 0, dead: 0 },
      }));
    },
    async get(owner: WebhookOwner, id: string): Promise<WebhookView> {
      return viewOf(await ownWebhook(owner, id));
    },
    async remove(owner: WebhookOwner, id: string): Promise<void> {
      await ownWebhook(owner, id);
      await store.remove(id);
    },
    /** After a 410 disabled it, or after the partner disabled it: deliveries go on where they stopped. */
    async setEnabled(owner: WebhookOwner, id: string, enabled: boolean): Promise<WebhookView> {
      await ownWebhook(owner, id);
      await store.setStatus(id, enabled ? 'active' : 'disabled', enabled ? undefined : 'disabled by its partner');
      options.wake();
      return viewOf(await ownWebhook(owner, id));
    },
    /** A new secret; the current one keeps signing beside it for a day. */
    async rotateSecret(
      owner: WebhookOwner,
      id: string,
    ): Promise<{ readonly secret: string; readonly previousExpiresAt: Date }> {
      const webhook = await ownWebhook(owner, id);
      // The secret goes to whoever rotates it: only the partner whose receiver verifies with it may.
      if (webhook.partnerId !== owner.partnerId) {
        throw new ForbiddenError(`only ${webhook.partnerId} may rotate the secret of its webhook ${id}`, {
          details: { id },
        });
      }
      if (webhook.kind !== 'standard') {
        throw new InvalidInputError('an EPCIS subscription signs with its own signatureToken; subscribe anew', {
          field: 'id',
        });
      }
      const secret = newWebhookSecret();
      const previousExpiresAt = new Date(Date.now() + SECRET_OVERLAP_MS);
      const current = webhook.secrets.find((key) => key.expiresAt === undefined);
      await store.setSecrets(id, [
        { secret },
        ...(current === undefined ? [] : [{ secret: current.secret, expiresAt: previousExpiresAt }]),
      ]);
      return { secret, previousExpiresAt };
    },
    async replay(owner: WebhookOwner, id: string, after: bigint, what: 'dead' | 'all'): Promise<number> {
      await ownWebhook(owner, id);
      const requeued = await store.replay(id, after, what);
      options.wake();
      return requeued;
    },
    async deliveries(
      owner: WebhookOwner,
      id: string,
      page: { readonly status?: WebhookDelivery['status']; readonly after?: bigint; readonly limit: number },
    ): Promise<readonly WebhookDelivery[]> {
      await ownWebhook(owner, id);
      return store.deliveries(id, page);
    },
  };
}

export type WebhookSubscriptions = ReturnType<typeof createWebhookSubscriptions>;

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
