import { RecyclingService } from '@vezel/contracts';
import { COMMAND_IDEMPOTENCY, holderOf, operationsOf, type ServiceApi } from '@vezel/service-kit';
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

const { query, factQuery, factCommand, receipt } = operationsOf<RecyclingApplication, typeof RecyclingService>();

export const recyclingApi: ServiceApi<RecyclingApplication, typeof RecyclingService> = {
  service: 'recycling',
  version: '1.0.0',
  description:
    'Recycling and upcycling processors: lots they receive, the processing runs that turn held nodes into products ' +
    '(terminal nodes with outcome recycling.fibre-to-fibre, recycling.open-loop or upcycling), and disposals. All ' +
    'quantities are integer grams. Nobody consumes or disposes of more grams of a node than the processor holds ' +
    '(422), and a run balances to the gram: sum(inputs) = sum(outputs) + lossGrams (422).',
  operations: [
    ...receipt({
      id: 'receiveLotAtProcessor',
      summary: 'Record grams of a lot received by a processor',
      description:
        'What was dispatched or returned is not checked here (another service owns it): the ledger reports a ' +
        `shortfall as loss and a surplus as an anomaly. ${receiptIdempotency}`,
      body: 'ReceiveLot',
      fromJson: readReceiveLot,
      fromProto: fromReceiveLotAtProcessorProto,
      holder: holderOf.processor,
      run: (application, input) => application.receiveLot(input),
      toJson: receiptJson,
      toEvent: toLotReceivedByProcessorProto,
      readBack: { id: 'getProcessorReceipt', protoField: 'receipt' },
    }),
    ...factCommand({
      id: 'completeProcessingRun',
      collection: 'runs',
      parameter: 'runId',
      summary: 'Record a balanced processing run',
      description:
        'Consumes grams of nodes the processor holds (404 for a node it never received, 422 for more than it ' +
        'holds) and makes products. Product ids are new node ids: one that already names a product or a received ' +
        'lot is a 409 naming the output. The products have the mass-balance composition of the pooled inputs ' +
        `(ISO 22095). ${COMMAND_IDEMPOTENCY}`,
      body: 'CompleteProcessingRun',
      result: 'ProcessingRun',
      resultName: 'The run',
      fromJson: readCompleteProcessingRun,
      fromProto: fromCompleteProcessingRunProto,
      holder: holderOf.processor,
      run: (application, input) => application.completeProcessingRun(input),
      toJson: runJson,
      toEvent: toProcessingRunCompletedProto,
      readBack: {
        id: 'getProcessingRun',
        summary: 'A processing run',
        resultName: 'A processing run',
        read: (application, runId) => application.getRun(runId),
        protoField: 'run',
      },
    }),
    // HTTP only: the gRPC contract has no product query.
    factQuery({
      id: 'getProduct',
      collection: 'products',
      parameter: 'productId',
      summary: 'A product a run made',
      result: 'Product',
      resultName: 'A product a run made',
      read: (application, productId) => application.getProduct(productId),
      holder: holderOf.processor,
      toJson: productJson,
    }),
    ...factCommand({
      id: 'disposeNode',
      collection: 'disposals',
      parameter: 'disposalId',
      summary: 'Record grams of a held node sent to disposal',
      description: `At most the grams the processor holds of the node (404 / 422 otherwise). ${COMMAND_IDEMPOTENCY}`,
      body: 'DisposeNode',
      result: 'Disposal',
      resultName: 'The disposal',
      fromJson: readDisposeNode,
      fromProto: fromDisposeNodeProto,
      holder: holderOf.processor,
      run: (application, input) => application.disposeNode(input),
      toJson: disposalJson,
      toEvent: toNodeDisposedProto,
      readBack: {
        id: 'getDisposal',
        summary: 'A disposal',
        resultName: 'A disposal',
        read: (application, disposalId) => application.getDisposal(disposalId),
        protoField: 'disposal',
      },
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
      holder: holderOf.processor,
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
