import { commandResponseStatus } from '@vezel/service-kit';
import { Router } from 'express';
import type { RecyclingApplication } from '../../app/recycling-application.ts';
import { disposalJson, processorStockJson, productJson, receiptJson, runJson } from './recycling-json.ts';
import { readCompleteProcessingRun, readDisposeNode, readReceiveLot } from './recycling-requests.ts';

const base = '/v1/recycling';

/**
 * The recycling HTTP API. Commands answer 201 with the recorded fact, or 200 with the same body when they repeat an
 * earlier command (same id and body); errors are thrown and become problem+json in the app's error handler
 * (express 5 forwards rejected promises there).
 */
export function createRecyclingRouter(application: RecyclingApplication): Router {
  const router = Router();

  router.post(`${base}/receipts`, async (req, res) => {
    const outcome = await application.receiveLot(readReceiveLot(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/receipts/${encodeURIComponent(outcome.result.receiptId)}`)
      .json(receiptJson(outcome.result));
  });

  router.get(`${base}/receipts/:receiptId`, async (req, res) => {
    res.json(receiptJson(await application.getReceipt(req.params.receiptId)));
  });

  router.post(`${base}/runs`, async (req, res) => {
    const outcome = await application.completeProcessingRun(readCompleteProcessingRun(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/runs/${encodeURIComponent(outcome.result.runId)}`)
      .json(runJson(outcome.result));
  });

  router.get(`${base}/runs/:runId`, async (req, res) => {
    res.json(runJson(await application.getRun(req.params.runId)));
  });

  router.get(`${base}/products/:productId`, async (req, res) => {
    res.json(productJson(await application.getProduct(req.params.productId)));
  });

  router.post(`${base}/disposals`, async (req, res) => {
    const outcome = await application.disposeNode(readDisposeNode(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/disposals/${encodeURIComponent(outcome.result.disposalId)}`)
      .json(disposalJson(outcome.result));
  });

  router.get(`${base}/disposals/:disposalId`, async (req, res) => {
    res.json(disposalJson(await application.getDisposal(req.params.disposalId)));
  });

  router.get(`${base}/processors/:processorId/stock`, async (req, res) => {
    res.json(processorStockJson(await application.getProcessorStock(req.params.processorId)));
  });

  return router;
}
