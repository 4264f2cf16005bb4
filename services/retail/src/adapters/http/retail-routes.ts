import { commandResponseStatus } from '@vezel/service-kit';
import { Router } from 'express';
import type { RetailApplication } from '../../app/retail-application.ts';
import { donationJson, receiptJson, returnJson, saleJson, storeStockJson } from './retail-json.ts';
import { readDonateItems, readReceiveLotAtStore, readReturnLot, readSellItems } from './retail-requests.ts';

const base = '/v1/retail';

/**
 * The retail HTTP API. Commands answer 201 with the recorded fact and its `Location`, or 200 with the same body
 * when they repeat an earlier command (same id and body); errors are thrown and become problem+json in the app's
 * error handler (express 5 forwards rejected promises there).
 */
export function createRetailRouter(application: RetailApplication): Router {
  const router = Router();
  const at = (collection: string, id: string): string => `${base}/${collection}/${encodeURIComponent(id)}`;

  router.post(`${base}/receipts`, async (req, res) => {
    const outcome = await application.receiveLotAtStore(readReceiveLotAtStore(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(at('receipts', outcome.result.receiptId))
      .json(receiptJson(outcome.result));
  });

  router.get(`${base}/receipts/:receiptId`, async (req, res) => {
    res.json(receiptJson(await application.getReceipt(req.params.receiptId)));
  });

  router.post(`${base}/sales`, async (req, res) => {
    const outcome = await application.sellItems(readSellItems(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(at('sales', outcome.result.saleId))
      .json(saleJson(outcome.result));
  });

  router.get(`${base}/sales/:saleId`, async (req, res) => {
    res.json(saleJson(await application.getSale(req.params.saleId)));
  });

  router.post(`${base}/donations`, async (req, res) => {
    const outcome = await application.donateItems(readDonateItems(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(at('donations', outcome.result.donationId))
      .json(donationJson(outcome.result));
  });

  router.get(`${base}/donations/:donationId`, async (req, res) => {
    res.json(donationJson(await application.getDonation(req.params.donationId)));
  });

  router.post(`${base}/returns`, async (req, res) => {
    const outcome = await application.returnLot(readReturnLot(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(at('returns', outcome.result.returnId))
      .json(returnJson(outcome.result));
  });

  router.get(`${base}/returns/:returnId`, async (req, res) => {
    res.json(returnJson(await application.getReturn(req.params.returnId)));
  });

  router.get(`${base}/stores/:storeId/stock`, async (req, res) => {
    const { storeId } = req.params;
    res.json(storeStockJson(storeId, await application.getStoreStock(storeId)));
  });

  return router;
}
