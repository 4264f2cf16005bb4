import { Router, type RequestHandler, type Response } from 'express';
import type { PageRequest, LedgerQueries } from '../../app/ledger-queries.ts';
import type { LedgerRebuilds } from '../../app/ledger-rebuilds.ts';
import { createFeedHub, type FeedHub } from '../../app/feed-hub.ts';
import { streamFeed } from './feed-stream.ts';
import { DEFAULT_EPCIS_BASE } from '../epcis/render-epcis-event.ts';
import type { FeedLimits } from '../../app/follow-feed.ts';
import {
  anomaliesJson,
  forwardTraceJson,
  kpisJson,
  lagJson,
  localForLocalJson,
  municipalitiesJson,
  nodeJson,
  upvCsv,
  upvJson,
} from './ledger-json.ts';
import {
  readBackwardTraceQuery,
  readFlowsQuery,
  readFeedQuery,
  readForwardTraceQuery,
  readKpiQuery,
  readLocalForLocalQuery,
  readUpvQuery,
} from './ledger-requests.ts';
import { requireChainId } from '@vezel/chain-ids';
import { DEFAULT_CHAIN_TIME_ZONE } from '@vezel/chain-calendar';
import { InvalidInputError } from '@vezel/errors';
import { readJson } from '@vezel/rpc';

const base = '/v1/ledger';

/**
 * The ledger's HTTP API (docs/domain.md): traces, node histories, KPIs, the UPV report (JSON, or CSV on
 * `Accept: text/csv`), anomalies, and for operators the lag and the rebuild. Periods may be given as calendar
 * dates, days in the chain's `timeZone` (default Europe/Amsterdam). Errors are thrown and become problem+json in the
 * app's error handler.
 */
/** A page's size (1-1000) and where it starts (the previous page's token), under the names a route gives them. */
function readPage(
  query: unknown,
  names: { readonly limit: string; readonly token: string; readonly defaultLimit: number },
): PageRequest {
  return readJson(query, (input) => {
    const limit = input.optionalString(names.limit, { maxLength: 4, pattern: /^[1-9]\d{0,3}$/ });
    const pageToken = input.optionalString(names.token, { maxLength: 500 });
    if (limit !== undefined && Number(limit) > 1_000) {
      throw new InvalidInputError('must be at most 1000', { field: names.limit });
    }
    return {
      limit: limit === undefined ? names.defaultLimit : Number(limit),
      ...(pageToken === undefined ? {} : { pageToken }),
    };
  });
}

export function createLedgerRouter(
  queries: LedgerQueries,
  rebuilds: LedgerRebuilds,
  options: {
    readonly timeZone?: string;
    /** Runs before every route of this router (who may call), matched as the routes are. */
    readonly guard?: RequestHandler;
    /** Runs before the rebuild's routes, after `guard`: the rebuild is the operator's. */
    readonly adminGuard?: RequestHandler;
    /** The queries as the caller of a request may ask them (the read policy); default `queries` as they are. */
    readonly queriesFor?: (res: Response) => Promise<LedgerQueries>;
    /** Wakes feed subscribers when events settle; without it they poll. */
    readonly feedHub?: FeedHub;
    readonly feedLimits?: FeedLimits;
    /** Where EPCIS node and place URIs live; default https://id.vezel.dev. */
    readonly epcisBase?: string;
  } = {},
): Router {
  const router = Router();
  const timeZone = options.timeZone ?? DEFAULT_CHAIN_TIME_ZONE;
  if (options.guard !== undefined) router.use(base, options.guard);
  const adminGuard: RequestHandler = options.adminGuard ?? ((_req, _res, next) => next());
  const queriesFor = options.queriesFor ?? (() => Promise.resolve(queries));
  const feedHub = options.feedHub ?? createFeedHub();

  router.get(`${base}/trace/forward`, async (req, res) => {
    const ledger = await queriesFor(res);
    res.json(forwardTraceJson(await ledger.traceForward(readForwardTraceQuery(req.query, timeZone))));
  });

  router.get(`${base}/trace/backward`, async (req, res) => {
    const ledger = await queriesFor(res);
    res.json(await ledger.traceBackward(readBackwardTraceQuery(req.query)));
  });

  router.get(`${base}/nodes/:nodeId`, async (req, res) => {
    const ledger = await queriesFor(res);
    const page = readPage(req.query, { limit: 'historyLimit', token: 'historyPageToken', defaultLimit: 200 });
    res.json(nodeJson(await ledger.describeNode(requireChainId(req.params.nodeId, 'nodeId'), page)));
  });

  router.get(`${base}/flows`, async (req, res) => {
    const ledger = await queriesFor(res);
    const period = readFlowsQuery(req.query, timeZone);
    res.json({ from: period.from.toISOString(), to: period.to.toISOString(), flows: await ledger.flows(period) });
  });

  router.get(`${base}/local-for-local`, async (req, res) => {
    const ledger = await queriesFor(res);
    const { period, region } = readLocalForLocalQuery(req.query, timeZone);
    res.json(localForLocalJson(period, region, await ledger.localForLocal(period, region)));
  });

  router.get(`${base}/municipalities`, (req, res) => {
    readJson(req.query, () => undefined);
    res.set('Cache-Control', 'public, max-age=86400').json(municipalitiesJson());
  });

  router.get(`${base}/kpis`, async (req, res) => {
    const ledger = await queriesFor(res);
    res.json(kpisJson(await ledger.kpis(readKpiQuery(req.query, timeZone))));
  });

  router.get(`${base}/reports/upv`, async (req, res) => {
    const ledger = await queriesFor(res);
    const { year, format } = readUpvQuery(req.query);
    const report = await ledger.upvReport(year);
    res.vary('Accept');
    const wantsCsv =
      format === undefined ? req.accepts(['application/json', 'text/csv']) === 'text/csv' : format === 'csv';
    if (wantsCsv) {
      res.type('text/csv; charset=utf-8').attachment(`upv-${report.year}.csv`).send(upvCsv(report));
      return;
    }
    res.json(upvJson(report));
  });

  router.get(`${base}/anomalies`, async (req, res) => {
    const ledger = await queriesFor(res);
    const page = readPage(req.query, { limit: 'limit', token: 'pageToken', defaultLimit: 100 });
    res.json(anomaliesJson(await ledger.anomalies(page)));
  });

  router.get(`${base}/feeds/events`, async (req, res) => {
    // Listened for before anything is awaited: a subscriber that leaves meanwhile must still end the stream.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const ledger = await queriesFor(res);
    const query = readFeedQuery(req.query, req.get('last-event-id'));
    await streamFeed(res, {
      queries: ledger,
      query,
      hub: feedHub,
      gone: gone.signal,
      epcisBase: options.epcisBase ?? DEFAULT_EPCIS_BASE,
      ...(options.feedLimits === undefined ? {} : { limits: options.feedLimits }),
    });
  });

  router.get(`${base}/lag`, async (_req, res) => {
    const ledger = await queriesFor(res);
    res.set('Cache-Control', 'no-store').json(lagJson(await ledger.lag(), feedHub.stats()));
  });

  router.post(`${base}/rebuild`, adminGuard, async (_req, res) => {
    res
      .status(202)
      .location(`${base}/rebuild`)
      .json(await rebuilds.start());
  });

  router.get(`${base}/rebuild`, adminGuard, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await rebuilds.status());
  });

  return router;
}
