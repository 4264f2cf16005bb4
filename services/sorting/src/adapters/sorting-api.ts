import { SortingService } from '@vezel/contracts';
import {
  COMMAND_IDEMPOTENCY,
  factLocation,
  GRAMS_COMMAND_PROBLEMS,
  holderOf,
  operationsOf,
  type ServiceApi,
} from '@vezel/service-kit';
import type { SortingApplication } from '../app/sorting-application.ts';
import {
  fromCompleteSortingRunProto,
  fromDispatchLotProto,
  fromReceiveNodeAtCentreProto,
} from './grpc/sorting-grpc-requests.ts';
import { centreStockJson, dispatchJson, lotJson, receiptJson, runJson } from './http/sorting-json.ts';
import { readCompleteSortingRun, readDispatchLot, readReceiveNodeAtCentre } from './http/sorting-requests.ts';
import { receiptIdRule, sortingSchemas } from './http/sorting-schemas.ts';
import {
  toLotDispatchedProto,
  toLotProto,
  toNodeReceivedAtCentreProto,
  toSortingRunCompletedProto,
} from './protobuf/sorting-protobuf.ts';

const { command, query, factQuery, factCommand, receipt } = operationsOf<SortingApplication, typeof SortingService>();

export const sortingApi: ServiceApi<SortingApplication, typeof SortingService> = {
  service: 'sorting',
  version: '1.0.0',
  description:
    'Sorting centres: what they receive (batches, returned lots), the sorting runs that grade it into lots, and the ' +
    'dispatches of those lots. All quantities are integer grams. Runs follow the ISO 22095 mass-balance custody ' +
    'model: every lot of a run has the composition of everything the run consumed.',
  operations: [
    ...receipt({
      id: 'receiveNodeAtCentre',
      summary: 'Record grams of a node (a shipped batch or a returned lot) received at a centre',
      description:
        'Facts owned by other services are not checked: a receipt larger than what was shipped, or of a node the ' +
        `chain has not seen, is accepted (the ledger reports it under anomalies). ${receiptIdRule} ${COMMAND_IDEMPOTENCY}`,
      body: 'ReceiveNodeAtCentre',
      fromJson: readReceiveNodeAtCentre,
      fromProto: fromReceiveNodeAtCentreProto,
      holder: holderOf.centre,
      run: (application, input) => application.receiveNodeAtCentre(input),
      toJson: receiptJson,
      toEvent: toNodeReceivedAtCentreProto,
      readBack: { id: 'getCentreReceipt', protoField: 'receipt' },
    }),
    ...factCommand({
      id: 'completeSortingRun',
      collection: 'runs',
      parameter: 'runId',
      summary: 'Record a sorting run: nodes the centre holds consumed, graded lots created',
      description:
        'The run balances to the gram: sum(inputs.grams) = sum(outputs.grams) + lossGrams (422 otherwise). Every ' +
        'input is a node the centre received (404 otherwise) and at most what it holds of it (422). Every lot id is ' +
        'new to the whole chain: not a lot of any run, nor a node any centre received (409). ' +
        COMMAND_IDEMPOTENCY,
      body: 'CompleteSortingRun',
      result: 'SortingRun',
      resultName: 'The run',
      fromJson: readCompleteSortingRun,
      fromProto: fromCompleteSortingRunProto,
      holder: holderOf.centre,
      run: (application, input) => application.completeSortingRun(input),
      toJson: runJson,
      toEvent: toSortingRunCompletedProto,
      readBack: {
        id: 'getSortingRun',
        summary: 'Read a sorting run',
        read: (application, runId) => application.getRun(runId),
        protoField: 'run',
      },
    }),
    factQuery({
      id: 'getLot',
      collection: 'lots',
      parameter: 'lotId',
      summary: 'Read a lot with its dispatches and the grams its centre still holds',
      result: 'Lot',
      resultName: 'The lot',
      read: (application, lotId) => application.getLot(lotId),
      holder: holderOf.centre,
      toJson: lotJson,
      toProto: (lot) => ({ lot: toLotProto(lot) }),
    }),
    command({
      id: 'dispatchLot',
      path: '/lots/:lotId/dispatches',
      summary: 'Send grams of a lot to a centre, store or processor (in transit), an exporter or disposal (terminal)',
      description:
        'The grams leave the centre whose run created the lot (the body names no centre), at most what it holds ' +
        'of the lot (`availableGrams`, 422 otherwise); a lot no run created is a 404. An exporter needs `country`, ' +
        `a disposal needs \`method\`. ${COMMAND_IDEMPOTENCY}`,
      body: 'DispatchLot',
      result: 'Dispatch',
      resultName: 'The dispatch',
      problems: GRAMS_COMMAND_PROBLEMS,
      fromJson: (body, { lotId }) => readDispatchLot(lotId!, body),
      fromProto: fromDispatchLotProto,
      // The body names no centre: the grams leave the centre whose run created the lot.
      holder: async ({ lotId }, application) => holderOf.centre(await application.getLot(lotId)),
      run: (application, input) => application.dispatchLot(input),
      location: (dispatch) => factLocation('lots', dispatch.lotId),
      toJson: dispatchJson,
      toEvent: toLotDispatchedProto,
    }),
    query({
      id: 'getCentreStock',
      path: '/centres/:centreId/stock',
      summary: 'What a centre holds now, per node',
      description:
        'Nodes with grams > 0, ordered by node id (byte order). A centre that never received anything holds nothing.',
      result: 'CentreStock',
      resultName: 'The stock',
      problems: ['InvalidInput'],
      fromPath: ({ centreId }) => centreId!,
      read: (application, centreId) => application.getCentreStock(centreId),
      holder: (_stock, centreId) => holderOf.centre({ centreId }),
      toJson: (stock, centreId) => centreStockJson(centreId, stock),
      proto: {
        fromProto: (request) => request.centreId,
        toProto: (stock, centreId) => ({ centreId, stock: stock.map(({ nodeId, grams }) => ({ nodeId, grams })) }),
      },
    }),
  ],
  schemas: sortingSchemas,
  grpcService: SortingService,
};
