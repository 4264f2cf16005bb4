import { Router, type RequestHandler } from 'express';
import type { PageRequest, LedgerQueries } from '../../app/ledger-queries.ts';
import type { LedgerRebuilds } from '../../app/ledger-rebuilds.ts';
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
  } = {},
): Router {
  const router = Router();
  const timeZone = options.timeZone ?? DEFAULT_CHAIN_TIME_ZONE;
  if (options.guard !== undefined) router.use(base, options.guard);

  router.get(`${base}/trace/forward`, async (req, res) => {
    res.json(forwardTraceJson(await queries.traceForward(readForwardTraceQuery(req.query, timeZone))));
  });

  router.get(`${base}/trace/backward`, async (req, res) => {
    res.json(await queries.traceBackward(readBackwardTraceQuery(req.query)));
  });

  router.get(`${base}/nodes/:nodeId`, async (req, res) => {
    const page = readPage(req.query, { limit: 'historyLimit', token: 'historyPageToken', defaultLimit: 200 });
    res.json(nodeJson(await queries.describeNode(requireChainId(req.params.nodeId, 'nodeId'), page)));
  });

  router.get(`${base}/flows`, async (req, res) => {
    const period = readFlowsQuery(req.query, timeZone);
    res.json({ from: period.from.toISOString(), to: period.to.toISOString(), flows: await queries.flows(period) });
  });

  router.get(`${base}/local-for-local`, async (req, res) => {
    const { period, region } = readLocalForLocalQuery(req.query, timeZone);
    res.json(localForLocalJson(period, region, await queries.localForLocal(period, region)));
  });

  router.get(`${base}/municipalities`, (req, res) => {
    readJson(req.query, () => undefined);
    res.set('Cache-Control', 'public, max-age=86400').json(municipalitiesJson());
  });

  router.get(`${base}/kpis`, async (req, res) => {
    res.json(kpisJson(await queries.kpis(readKpiQuery(req.query, timeZone))));
  });

  router.get(`${base}/reports/upv`, async (req, res) => {
    const { year, format } = readUpvQuery(req.query);
    const report = await queries.upvReport(year);
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
    const page = readPage(req.query, { limit: 'limit', token: 'pageToken', defaultLimit: 100 });
    res.json(anomaliesJson(await queries.anomalies(page)));
  });

  router.get(`${base}/lag`, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(lagJson(await queries.lag()));
  });

  router.post(`${base}/rebuild`, (_req, res) => {
    res.status(202).location(`${base}/rebuild`).json(rebuilds.start());
  });

  router.get(`${base}/rebuild`, (_req, res) => {
    res.set('Cache-Control', 'no-store').json(rebuilds.status());
  });

  return router;
}
