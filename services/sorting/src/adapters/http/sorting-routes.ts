import { commandResponseStatus } from '@vezel/service-kit';
import { Router } from 'express';
import type { SortingApplication } from '../../app/sorting-application.ts';
import { centreStockJson, dispatchJson, lotJson, receiptJson, runJson } from './sorting-json.ts';
import { readCompleteSortingRun, readDispatchLot, readReceiveNodeAtCentre } from './sorting-requests.ts';

const base = '/v1/sorting';

/**
 * The sorting HTTP API. Commands answer 201 with the created resource, or 200 with the same body when they repeat
 * an earlier command (same id and body); errors are thrown and become problem+json in the app's error handler
 * (express 5 forwards rejected promises there).
 */
export function createSortingRouter(application: SortingApplication): Router {
  const router = Router();

  router.post(`${base}/receipts`, async (req, res) => {
    const outcome = await application.receiveNodeAtCentre(readReceiveNodeAtCentre(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/receipts/${encodeURIComponent(outcome.result.receiptId)}`)
      .json(receiptJson(outcome.result));
  });

  router.get(`${base}/receipts/:receiptId`, async (req, res) => {
    res.json(receiptJson(await application.getReceipt(req.params.receiptId)));
  });

  router.post(`${base}/runs`, async (req, res) => {
    const outcome = await application.completeSortingRun(readCompleteSortingRun(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/runs/${encodeURIComponent(outcome.result.runId)}`)
      .json(runJson(outcome.result));
  });

  router.get(`${base}/runs/:runId`, async (req, res) => {
    res.json(runJson(await application.getRun(req.params.runId)));
  });

  router.post(`${base}/lots/:lotId/dispatches`, async (req, res) => {
    const outcome = await application.dispatchLot(readDispatchLot(req.params.lotId, req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/lots/${encodeURIComponent(outcome.result.lotId)}`)
      .json(dispatchJson(outcome.result));
  });

  router.get(`${base}/lots/:lotId`, async (req, res) => {
    res.json(lotJson(await application.getLot(req.params.lotId)));
  });

  router.get(`${base}/centres/:centreId/stock`, async (req, res) => {
    const { centreId } = req.params;
    res.json(centreStockJson(centreId, await application.getCentreStock(centreId)));
  });

  return router;
}
