import { RecyclingService } from '@vezel/contracts';
import {
  COMMAND_IDEMPOTENCY,
  factLocation,
  factQuery,
  GRAMS_COMMAND_PROBLEMS,
  type ServiceApi,
} from '@vezel/service-kit';
import type { RecyclingApplication } from '../app/recycling-application.ts';
import { createRecyclingGrpcService } from './grpc/recycling-grpc-service.ts';
import { disposalJson, processorStockJson, productJson, receiptJson, runJson } from './http/recycling-json.ts';
import { readCompleteProcessingRun, readDisposeNode, readReceiveLot } from './http/recycling-requests.ts';
import { receiptIdempotency, recyclingSchemas } from './http/recycling-schemas.ts';

/**
 * The recycling service's API, declared once: HTTP routes, the OpenAPI document and the gRPC registration are
 * derived from it. Commands answer 201 with what they recorded, or 200 with the same body when they repeat an
 * earlier command (same id and body); errors become problem+json (HTTP) or a status with the field (gRPC).
 * `getProduct` is HTTP only: the gRPC contract has no product query.
 */
export const recyclingApi: ServiceApi<RecyclingApplication, typeof RecyclingService> = {
  service: 'recycling',
  version: '1.0.0',
  description:
    'Recycling and upcycling processors: lots they receive, the processing runs that turn held nodes into products ' +
    '(terminal nodes with outcome recycling.fibre-to-fibre, recycling.open-loop or upcycling), and disposals. All ' +
    'quantities are integer grams. Nobody consumes or disposes of more grams of a node than the processor holds ' +
    '(422), and a run balances to the gram: sum(inputs) = sum(outputs) + lossGrams (422).',
  operations: [
    {
      kind: 'command',
      id: 'receiveLotAtProcessor',
      path: '/receipts',
      summary: 'Record grams of a lot received by a processor',
      description:
        'What was dispatched or returned is not checked here (another service owns it): the ledger reports a ' +
        `shortfall as loss and a surplus as an anomaly. ${receiptIdempotency}`,
      body: 'ReceiveLot',
      result: 'Receipt',
      resultName: 'The receipt',
      problems: ['InvalidInput', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'],
      async execute(application, _parameters, body) {
        const outcome = await application.receiveLot(readReceiveLot(body));
        return {
          outcome,
          location: factLocation('receipts', outcome.result.receiptId),
          json: receiptJson(outcome.result),
        };
      },
    },
    factQuery({
      id: 'getProcessorReceipt',
      collection: 'receipts',
      parameter: 'receiptId',
      summary: 'A receipt',
      result: 'Receipt',
      resultName: 'A receipt',
      read: async (application, receiptId) => receiptJson(await application.getReceipt(receiptId)),
    }),
    {
      kind: 'command',
      id: 'completeProcessingRun',
      path: '/runs',
      summary: 'Record a balanced processing run',
      description:
        'Consumes grams of nodes the processor holds (404 for a node it never received, 422 for more than it ' +
        'holds) and makes products. Product ids are new node ids: one that already names a product or a received ' +
        'lot is a 409 naming the output. The products have the mass-balance composition of the pooled inputs ' +
        `(ISO 22095). ${COMMAND_IDEMPOTENCY}`,
      body: 'CompleteProcessingRun',
      result: 'ProcessingRun',
      resultName: 'The run',
      problems: GRAMS_COMMAND_PROBLEMS,
      async execute(application, _parameters, body) {
        const outcome = await application.completeProcessingRun(readCompleteProcessingRun(body));
        return { outcome, location: factLocation('runs', outcome.result.runId), json: runJson(outcome.result) };
      },
    },
    factQuery({
      id: 'getProcessingRun',
      collection: 'runs',
      parameter: 'runId',
      summary: 'A processing run',
      result: 'ProcessingRun',
      resultName: 'A processing run',
      read: async (application, runId) => runJson(await application.getRun(runId)),
    }),
    factQuery({
      id: 'getProduct',
      collection: 'products',
      parameter: 'productId',
      summary: 'A product a run made',
      result: 'Product',
      resultName: 'A product a run made',
      read: async (application, productId) => productJson(await application.getProduct(productId)),
    }),
    {
      kind: 'command',
      id: 'disposeNode',
      path: '/disposals',
      summary: 'Record grams of a held node sent to disposal',
      description: `At most the grams the processor holds of the node (404 / 422 otherwise). ${COMMAND_IDEMPOTENCY}`,
      body: 'DisposeNode',
      result: 'Disposal',
      resultName: 'The disposal',
      problems: GRAMS_COMMAND_PROBLEMS,
      async execute(application, _parameters, body) {
        const outcome = await application.disposeNode(readDisposeNode(body));
        return {
          outcome,
          location: factLocation('disposals', outcome.result.disposalId),
          json: disposalJson(outcome.result),
        };
      },
    },
    factQuery({
      id: 'getDisposal',
      collection: 'disposals',
      parameter: 'disposalId',
      summary: 'A disposal',
      result: 'Disposal',
      resultName: 'A disposal',
      read: async (application, disposalId) => disposalJson(await application.getDisposal(disposalId)),
    }),
    {
      kind: 'query',
      id: 'getProcessorStock',
      path: '/processors/:processorId/stock',
      summary: 'What a processor holds now',
      description:
        'Nodes with grams left, by node id. A processor that has received nothing holds nothing (200, empty).',
      result: 'ProcessorStock',
      resultName: 'The stock',
      problems: ['InvalidInput'],
      read: async (application, { processorId }) =>
        processorStockJson(await application.getProcessorStock(processorId!)),
    },
  ],
  schemas: recyclingSchemas,
  grpcService: RecyclingService,
  grpc: createRecyclingGrpcService,
};
