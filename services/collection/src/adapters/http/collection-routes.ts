import { commandResponseStatus } from '@vezel/service-kit';
import { Router } from 'express';
import type { CollectionApplication } from '../../app/collection-application.ts';
import { batchJson, collectedBatchJson, containerJson, shipmentJson } from './collection-json.ts';
import { readCollectBatch, readRegisterContainer, readShipBatch } from './collection-requests.ts';

const base = '/v1/collection';

/**
 * The collection HTTP API. Commands answer 201 with the created resource, or 200 with the same body when they
 * repeat an earlier command (same id and body); errors are thrown and become problem+json in the app's error
 * handler (express 5 forwards rejected promises there).
 */
export function createCollectionRouter(application: CollectionApplication): Router {
  const router = Router();

  router.post(`${base}/containers`, async (req, res) => {
    const outcome = await application.registerContainer(readRegisterContainer(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/containers/${encodeURIComponent(outcome.result.containerId)}`)
      .json(containerJson(outcome.result));
  });

  router.get(`${base}/containers/:containerId`, async (req, res) => {
    res.json(containerJson(await application.getContainer(req.params.containerId)));
  });

  router.post(`${base}/batches`, async (req, res) => {
    const outcome = await application.collectBatch(readCollectBatch(req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/batches/${encodeURIComponent(outcome.result.batchId)}`)
      .json(collectedBatchJson(outcome.result));
  });

  router.get(`${base}/batches/:batchId`, async (req, res) => {
    res.json(batchJson(await application.getBatch(req.params.batchId)));
  });

  router.post(`${base}/batches/:batchId/shipments`, async (req, res) => {
    const outcome = await application.shipBatch(readShipBatch(req.params.batchId, req.body));
    res
      .status(commandResponseStatus(outcome))
      .location(`${base}/batches/${encodeURIComponent(outcome.result.batchId)}`)
      .json(shipmentJson(outcome.result));
  });

  return router;
}
