import type { Principal } from '@vezel/access';
import { requireChainId } from '@vezel/chain-ids';
import { ConflictError, InvalidInputError, NotFoundError } from '@vezel/errors';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { EpcisQueryStore } from '../../app/epcis-query-store.ts';
import type { LedgerQueries } from '../../app/ledger-queries.ts';
import { webhookOwnerOf, type WebhookSubscriptions, type WebhookView } from '../../app/webhook-subscriptions.ts';
import { matchesEpcisQuery, type EpcisQuery } from '../../domain/index.ts';
import { epcisQueryDocumentOf, renderEpcisEvent, type EpcisEvent } from '../epcis/render-epcis-event.ts';
import { healthJson } from './webhook-routes.ts';
import { pageTokenOf, readEpcisEventsRequest, readNamedQuery, readSubscriptionRequest } from './epcis-requests.ts';

const base = '/v1/epcis';
const SIMPLE_EVENT_QUERY = 'SimpleEventQuery';
/** Feed positions one request looks at, at most: a rare match must not make one request read the whole feed. */
const SCAN_BUDGET = 100_000;
const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * GS1 EPCIS 2.0's query interface over the partner feed, as the caller may read it: `GET events` (the
 * `SimpleEventQuery`), named queries, and streaming subscriptions delivered by the webhook dispatcher with a
 * `GS1-Signature` header.
 */
export function createEpcisRouter(options: {
  readonly guard?: RequestHandler;
  readonly callerOf: (res: Response) => Principal | undefined;
  readonly queriesFor: (res: Response) => Promise<LedgerQueries>;
  readonly namedQueries: EpcisQueryStore;
  readonly subscriptions: WebhookSubscriptions;
  readonly epcisBase: string;
}): Router {
  const router = Router();
  if (options.guard !== undefined) router.use(base, options.guard);
  const ownerOf = (res: Response) => webhookOwnerOf(options.callerOf(res));
  const standardHeaders = (res: Response): Response =>
    res.set({ 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0', 'Cache-Control': 'no-store' });

  /** A named query of the caller's, or the built-in SimpleEventQuery (no conditions). */
  const queryNamed = async (res: Response, name: string): Promise<EpcisQuery> => {
    if (requireQueryName(name) === SIMPLE_EVENT_QUERY) return {};
    const named = await options.namedQueries.find(ownerOf(res).partnerId, name);
    if (named === undefined) throw new NotFoundError(`no query named ${name}`, { details: { name } });
    return named.query;
  };

  const answerEvents = async (req: Request, res: Response, queryName: string, stored: EpcisQuery) => {
    const request = readEpcisEventsRequest(req.query);
    const page = await readEpcisPage(await options.queriesFor(res), {
      query: { ...stored, ...request.query },
      after: request.after,
      perPage: request.perPage,
      epcisBase: options.epcisBase,
    });
    if (page.next !== undefined) {
      const url = new URL(req.originalUrl, 'http://vezel');
      url.searchParams.set('nextPageToken', pageTokenOf(page.next));
      res.set('Link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    standardHeaders(res).json(epcisQueryDocumentOf(page.events, { queryName }, new Date()));
  };

  router.get(`${base}/events`, (req, res) => answerEvents(req, res, SIMPLE_EVENT_QUERY, {}));

  router.post(`${base}/queries`, async (req, res) => {
    const { name: given, parameters, query } = readNamedQuery(req.body);
    const name = requireQueryName(given);
    if (name === SIMPLE_EVENT_QUERY) {
      throw new ConflictError(`${SIMPLE_EVENT_QUERY} is built in`, { details: { name } });
    }
    const created = await options.namedQueries.create({
      partnerId: ownerOf(res).partnerId,
      name,
      query,
      parameters,
      createdAt: new Date(),
    });
    if (!created) {
      throw new ConflictError(`a query named ${name} exists, or you keep as many queries as a partner may`, {
        details: { name },
      });
    }
    standardHeaders(res).status(201).location(`${base}/queries/${name}`).json({ name, query: parameters });
  });

  router.get(`${base}/queries`, async (_req, res) => {
    const named = await options.namedQueries.list(ownerOf(res).partnerId);
    standardHeaders(res).json([
      { name: SIMPLE_EVENT_QUERY, query: {} },
      ...named.map((query) => ({ name: query.name, query: query.parameters })),
    ]);
  });

  router.get(`${base}/queries/:name`, async (req, res) => {
    const name = req.params.name;
    await queryNamed(res, name);
    const named = await options.namedQueries.find(ownerOf(res).partnerId, name);
    standardHeaders(res).json({ name, query: named?.parameters ?? {} });
  });

  router.delete(`${base}/queries/:name`, async (req, res) => {
    const name = requireQueryName(req.params.name);
    const owner = ownerOf(res);
    const subscribed = (await options.subscriptions.list(owner, 'epcis', name)).filter(
      (view) => view.webhook.partnerId === owner.partnerId,
    );
    if (subscribed.length > 0) {
      throw new ConflictError(`query ${name} has ${subscribed.length} subscriptions; delete them first`, {
        details: { name },
      });
    }
    if (!(await options.namedQueries.remove(owner.partnerId, name))) {
      throw new NotFoundError(`no query named ${name}`, { details: { name } });
    }
    res.status(204).end();
  });

  router.get(`${base}/queries/:name/events`, async (req, res) => {
    await answerEvents(req, res, req.params.name, await queryNamed(res, req.params.name));
  });

  router.post(`${base}/queries/:name/subscriptions`, async (req, res) => {
    const name = req.params.name;
    const query = await queryNamed(res, name);
    const body = readSubscriptionRequest(req.body);
    const { view } = await options.subscriptions.register(ownerOf(res), {
      kind: 'epcis',
      url: body.dest,
      filter: { feed: {}, epcis: query },
      queryName: name,
      ...(body.signatureToken === undefined ? {} : { signatureToken: body.signatureToken }),
    });
    standardHeaders(res)
      .status(201)
      .location(`${base}/queries/${name}/subscriptions/${view.webhook.id}`)
      .json(subscriptionJson(view));
  });

  router.get(`${base}/queries/:name/subscriptions`, async (req, res) => {
    await queryNamed(res, req.params.name);
    const views = await options.subscriptions.list(ownerOf(res), 'epcis', req.params.name);
    standardHeaders(res).json(views.map(subscriptionJson));
  });

  /** The caller's subscription to the query named in the path. */
  const subscriptionOf = async (req: Request, res: Response): Promise<WebhookView> => {
    const id = requireChainId(String(req.params['id']), 'id');
    const view = await options.subscriptions.get(ownerOf(res), id);
    if (view.webhook.kind !== 'epcis' || view.webhook.queryName !== req.params['name']) {
      throw new NotFoundError(`no subscription ${id}`, { details: { id } });
    }
    return view;
  };

  router.get(`${base}/queries/:name/subscriptions/:id`, async (req, res) => {
    standardHeaders(res).json(subscriptionJson(await subscriptionOf(req, res)));
  });

  router.delete(`${base}/queries/:name/subscriptions/:id`, async (req, res) => {
    const view = await subscriptionOf(req, res);
    await options.subscriptions.remove(ownerOf(res), view.webhook.id);
    res.status(204).end();
  });

  return router;
}

/**
 * One page of EPCIS events matching `query` after feed position `after`, in feed order. Stops when the page is
 * full, at the feed's settled end, or after the scan budget; `next` says where the next page reads from (absent:
 * nothing more now).
 */
async function readEpcisPage(
  ledger: LedgerQueries,
  options: { readonly query: EpcisQuery; readonly after: bigint; readonly perPage: number; readonly epcisBase: string },
): Promise<{ readonly events: readonly EpcisEvent[]; readonly next?: bigint }> {
  const events: EpcisEvent[] = [];
  let cursor = options.after;
  while (cursor - options.after < BigInt(SCAN_BUDGET)) {
    const page = await ledger.feed({ after: cursor, limit: 500 });
    for (const event of page.events) {
      cursor = event.position;
      const rendered = renderEpcisEvent(event.fact, options.epcisBase);
      if (rendered === undefined || !matchesEpcisQuery(rendered, options.query)) continue;
      events.push(rendered);
      if (events.length === options.perPage) return { events, next: cursor };
    }
    if (page.events.length === 500) continue;
    if (page.settledThrough > cursor) cursor = page.settledThrough;
    if (page.atEnd) return { events };
  }
  return { events, next: cursor };
}

function subscriptionJson({ webhook, health }: WebhookView): Record<string, unknown> {
  return {
    subscriptionID: webhook.id,
    queryName: webhook.queryName,
    dest: webhook.url,
    stream: true,
    signed: webhook.secrets.length > 0,
    status: webhook.status,
    ...(webhook.disabledReason === undefined ? {} : { disabledReason: webhook.disabledReason }),
    createdAt: webhook.createdAt.toISOString(),
    health: healthJson(health),
  };
}

function requireQueryName(name: string): string {
  if (!namePattern.test(name)) {
    throw new InvalidInputError(`must be 1 to 64 letters, digits, _ or -, got ${JSON.stringify(name)}`, {
      field: 'name',
    });
  }
  return name;
}
