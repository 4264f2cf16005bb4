import { RecyclingService } from '@vezel/contracts';
import {
  COMMAND_IDEMPOTENCY,
  factLocation,
  GRAMS_COMMAND_PROBLEMS,
  operationsOf,
  type ServiceApi,
} from '@vezel/service-kit';
import type { RecyclingApplication } from '../app/recycling-application.ts';
import {
  fromCompleteProcessingRunProto,
  fromDisposeNodeProto,
  fromReceiveLotAtProcessorProto,
} from './grpc/recycling-grpc-requests.ts';
import { disposalJson, processorStockJson, productJson, receiptJson, runJson } from './http/recycling-json.ts';
import { readCompleteProcessingRun, readDisposeNode, readReceiveLot } from './http/recycling-requests.ts';
import { receiptIdempotency, recyclingSchemas } from './http/recycling-schemas.ts';
import {
  toLotReceivedByProcessorProto,
  toNodeDisposedProto,
  toNodeGramsProto,
  toProcessingRunCompletedProto,
} from './protobuf/recycling-protobuf.ts';

const { command, query, factQuery, receipt, receiptQuery } = operationsOf<
  RecyclingApplication,
  typeof RecyclingService
>();

const processor = (input: { readonly processorId: string }) => ({ kind: 'processor', id: input.processorId }) as const;

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
    receipt({
      id: 'receiveLotAtProcessor',
      summary: 'Record grams of a lot received by a processor',
      description:
        'What was dispatched or returned is not checked here (another service owns it): the ledger reports a ' +
        `shortfall as loss and a surplus as an anomaly. ${receiptIdempotency}`,
      body: 'ReceiveLot',
      fromJson: readReceiveLot,
      fromProto: fromReceiveLotAtProcessorProto,
      holder: processor,
      run: (application, input) => application.receiveLot(input),
      toJson: receiptJson,
      toEvent: toLotReceivedByProcessorProto,
    }),
    receiptQuery({
      id: 'getProcessorReceipt',
      summary: 'Read a receipt',
      read: (application, receiptId) => application.getReceipt(receiptId),
      holder: processor,
      toJson: receiptJson,
      toProto: (receipt) => ({ receipt: toLotReceivedByProcessorProto(receipt) }),
    }),
    command({
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
      fromJson: readCompleteProcessingRun,
      fromProto: fromCompleteProcessingRunProto,
      holder: processor,
      run: (application, input) => application.completeProcessingRun(input),
      location: (fact) => factLocation('runs', fact.runId),
      toJson: runJson,
      toEvent: toProcessingRunCompletedProto,
    }),
    factQuery({
      id: 'getProcessingRun',
      collection: 'runs',
      parameter: 'runId',
      summary: 'A processing run',
      result: 'ProcessingRun',
      resultName: 'A processing run',
      read: (application, runId) => application.getRun(runId),
      holder: processor,
      toJson: runJson,
      toProto: (run) => ({ run: toProcessingRunCompletedProto(run) }),
    }),
    factQuery({
      id: 'getProduct',
      collection: 'products',
      parameter: 'productId',
      summary: 'A product a run made',
      result: 'Product',
      resultName: 'A product a run made',
      read: (application, productId) => application.getProduct(productId),
      holder: processor,
      toJson: productJson,
    }),
    command({
      id: 'disposeNode',
      path: '/disposals',
      summary: 'Record grams of a held node sent to disposal',
      description: `At most the grams the processor holds of the node (404 / 422 otherwise). ${COMMAND_IDEMPOTENCY}`,
      body: 'DisposeNode',
      result: 'Disposal',
      resultName: 'The disposal',
      problems: GRAMS_COMMAND_PROBLEMS,
      fromJson: readDisposeNode,
      fromProto: fromDisposeNodeProto,
      holder: processor,
      run: (application, input) => application.disposeNode(input),
      location: (fact) => factLocation('disposals', fact.disposalId),
      toJson: disposalJson,
      toEvent: toNodeDisposedProto,
    }),
    factQuery({
      id: 'getDisposal',
      collection: 'disposals',
      parameter: 'disposalId',
      summary: 'A disposal',
      result: 'Disposal',
      resultName: 'A disposal',
      read: (application, disposalId) => application.getDisposal(disposalId),
      holder: processor,
      toJson: disposalJson,
      toProto: (disposal) => ({ disposal: toNodeDisposedProto(disposal) }),
    }),
    query({
      id: 'getProcessorStock',
      path: '/processors/:processorId/stock',
      summary: 'What a processor holds now',
      description:
        'Nodes with grams left, by node id. A processor that has received nothing holds nothing (200, empty).',
      result: 'ProcessorStock',
      resultName: 'The stock',
      problems: ['InvalidInput'],
      fromPath: ({ processorId }) => processorId!,
      read: (application, processorId) => application.getProcessorStock(processorId),
      holder: (view) => processor(view),
      toJson: processorStockJson,
      proto: {
        fromProto: (request) => request.processorId,
        toProto: (view) => ({ processorId: view.processorId, stock: view.stock.map(toNodeGramsProto) }),
      },
    }),
  ],
  schemas: recyclingSchemas,
  grpcService: RecyclingService,
};
