import type { Principal } from '@vezel/access';
import { requireChainId } from '@vezel/chain-ids';
import { readJson } from '@vezel/rpc';
import { Router, type RequestHandler, type Response } from 'express';
import { webhookOwnerOf, type WebhookSubscriptions, type WebhookView } from '../../app/webhook-subscriptions.ts';
import type { WebhookDelivery, WebhookHealth } from '../../app/webhook-store.ts';
import { readDeliveriesQuery, readReplayRequest, readWebhookRegistration } from './webhook-requests.ts';

const base = '/v1/ledger/webhooks';

/**
 * A partner's webhooks: register (the answer carries the signing secret, once), list with health, inspect, delete,
 * disable and enable, rotate the secret, replay from a position or the dead letters, and read the deliveries.
 */
export function createWebhookRouter(
  subscriptions: WebhookSubscriptions,
  options: {
    /** Runs before every route (who may call), matched as the routes are. */
    readonly guard?: RequestHandler;
    readonly callerOf: (res: Response) => Principal | undefined;
  },
): Router {
  const router = Router();
  if (options.guard !== undefined) router.use(base, options.guard);
  const ownerOf = (res: Response) => webhookOwnerOf(options.callerOf(res));
  const idOf = (id: unknown): string => requireChainId(String(id), 'id');

  router.post(base, async (req, res) => {
    const { url, filter, after } = readWebhookRegistration(req.body);
    const { view, secret } = await subscriptions.register(ownerOf(res), {
      kind: 'standard',
      url,
      filter: { feed: filter },
      ...(after === undefined ? {} : { after }),
    });
    res
      .status(201)
      .location(`${base}/${view.webhook.id}`)
      .json({ ...webhookJson(view), secret });
  });

  router.get(base, async (req, res) => {
    readJson(req.query, () => undefined);
    const views = await subscriptions.list(ownerOf(res), 'standard');
    res.set('Cache-Control', 'no-store').json({ webhooks: views.map(webhookJson) });
  });

  router.get(`${base}/:id`, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(webhookJson(await subscriptions.get(ownerOf(res), idOf(req.params.id))));
  });

  router.delete(`${base}/:id`, async (req, res) => {
    await subscriptions.remove(ownerOf(res), idOf(req.params.id));
    res.status(204).end();
  });

  router.post(`${base}/:id/enable`, async (req, res) => {
    res.json(webhookJson(await subscriptions.setEnabled(ownerOf(res), idOf(req.params.id), true)));
  });

  router.post(`${base}/:id/disable`, async (req, res) => {
    res.json(webhookJson(await subscriptions.setEnabled(ownerOf(res), idOf(req.params.id), false)));
  });

  router.post(`${base}/:id/secret/rotate`, async (req, res) => {
    const { secret, previousExpiresAt } = await subscriptions.rotateSecret(ownerOf(res), idOf(req.params.id));
    res.json({ secret, previousSecretExpiresAt: previousExpiresAt.toISOString() });
  });

  router.post(`${base}/:id/replay`, async (req, res) => {
    const { after, what } = readReplayRequest(req.body);
    const requeued = await subscriptions.replay(ownerOf(res), idOf(req.params.id), after, what);
    res.status(202).json({ after: after.toString(), only: what, requeued });
  });

  router.get(`${base}/:id/deliveries`, async (req, res) => {
    const page = readDeliveriesQuery(req.query);
    const deliveries = await subscriptions.deliveries(ownerOf(res), idOf(req.params.id), page);
    res.set('Cache-Control', 'no-store').json({ deliveries: deliveries.map(deliveryJson) });
  });

  return router;
}

/** A webhook as its owner sees it: never its secrets (they are shown once, when made). */
export function webhookJson({ webhook, health }: WebhookView): Record<string, unknown> {
  const { feed, epcis } = webhook.filter;
  return {
    id: webhook.id,
    partnerId: webhook.partnerId,
    url: webhook.url,
    filter: {
      ...(feed.types === undefined ? {} : { types: feed.types.join(',') }),
      ...(feed.nodeId === undefined ? {} : { node: feed.nodeId }),
      ...(feed.municipality === undefined ? {} : { municipality: feed.municipality }),
      ...(epcis === undefined ? {} : { epcis }),
    },
    status: webhook.status,
    ...(webhook.disabledReason === undefined ? {} : { disabledReason: webhook.disabledReason }),
    scannedThrough: webhook.scannedThrough.toString(),
    ...(webhook.pausedUntil === undefined || webhook.pausedUntil.getTime() < Date.now()
      ? {}
      : { pausedUntil: webhook.pausedUntil.toISOString() }),
    createdAt: webhook.createdAt.toISOString(),
    health: healthJson(health),
  };
}

/** How a webhook or subscription is doing, as JSON. */
export function healthJson(health: WebhookHealth): Record<string, unknown> {
  return {
    pending: health.pending,
    delivered: health.delivered,
    dead: health.dead,
    ...(health.lastDeliveredAt === undefined ? {} : { lastDeliveredAt: health.lastDeliveredAt.toISOString() }),
    ...(health.lastFailure === undefined
      ? {}
      : { lastFailure: { ...health.lastFailure, at: health.lastFailure.at.toISOString() } }),
  };
}

function deliveryJson(delivery: WebhookDelivery): Record<string, unknown> {
  return {
    position: delivery.position.toString(),
    messageId: delivery.messageId,
    status: delivery.status,
    attempts: delivery.attempts,
    ...(delivery.status === 'pending' ? { nextAttemptAt: delivery.nextAttemptAt.toISOString() } : {}),
    ...(delivery.lastAttemptAt === undefined ? {} : { lastAttemptAt: delivery.lastAttemptAt.toISOString() }),
    ...(delivery.lastStatus === undefined ? {} : { lastStatus: delivery.lastStatus }),
    ...(delivery.lastError === undefined ? {} : { lastError: delivery.lastError }),
    ...(delivery.deliveredAt === undefined ? {} : { deliveredAt: delivery.deliveredAt.toISOString() }),
    body: JSON.parse(delivery.body),
  };
}
