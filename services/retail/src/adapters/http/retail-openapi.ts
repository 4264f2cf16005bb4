import { createOpenApiDocument, problems, type OpenApiObject } from '@vezel/service-kit';
import { CONTENT_RECEIPT_ID_PREFIX, DELIVERY_RECEIPT_ID_PREFIX } from '../../app/receipt-identity.ts';
import { RETURN_DESTINATION_KINDS } from '../../domain/index.ts';
import { MAX_ITEMS, MAX_PROGRAMME_LENGTH } from '../edge-limits.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });

const idempotency =
  'The command carries its own id: repeating it with the same id and body changes nothing and answers 200 with the ' +
  'original result; the same id with another body is a 409.';

const receiptIdempotency =
  'docs/domain.md gives a receipt no id, so `receiptId` is optional and every receipt is still safe to repeat: ' +
  `with a \`receiptId\`, that is the receipt's id. Without one but with a \`deliveryId\`, the id is derived from the ` +
  `delivery (\`${DELIVERY_RECEIPT_ID_PREFIX}\` + 32 hex digits): a delivery is closed by one receipt, so repeating the ` +
  'receipt replays it and another body for the same delivery is a 409 naming `deliveryId`. Without either, the id is ' +
  `derived from storeId, lotId, grams and the instant of receivedAt (\`${CONTENT_RECEIPT_ID_PREFIX}\` + 32 hex digits): ` +
  'repeating the receipt replays it, and two distinct receipts that agree in all four must carry receiptIds. ' +
  'The response (and its Location) gives the id either way; sending it back with the same receipt is a replay. ' +
  'Same id and body: 200 with the original result; same id, another body: 409.';

const holding =
  'Takes at most what the store holds of the lot: a lot the store never received is a 404 naming `lotId`, more ' +
  'grams than it holds a 422 naming `grams` (with `heldGrams` and `requestedGrams`).';

const created = (schema: string, what: string): OpenApiObject => ({
  '201': {
    description: `${what} (first execution)`,
    content: json(ref(schema)),
    headers: { Location: { schema: { type: 'string' } } },
  },
  '200': { description: 'The same command was executed before: its original result', content: json(ref(schema)) },
});

const pathId = (name: string): OpenApiObject => ({ name, in: 'path', required: true, schema: ref('Id') });

const read = (operationId: string, summary: string, parameter: string, schema: string): OpenApiObject => ({
  get: {
    operationId,
    summary,
    parameters: [pathId(parameter)],
    responses: {
      '200': { description: summary.replace(/^Read /, 'The '), content: json(ref(schema)) },
      ...problems('InvalidInput', 'NotFound'),
    },
  },
});

const commandProblems = problems(
  'InvalidInput',
  'NotFound',
  'Conflict',
  'MassNotConserved',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'Unavailable',
);

/** The OpenAPI 3.1 document of the retail HTTP API, served at `/v1/retail/openapi.json`. */
export const retailOpenApiDocument: OpenApiObject = createOpenApiDocument({
  service: 'retail',
  version: '1.0.0',
  description:
    'Second-hand stores: lots received from sorting centres, items sold or donated from them, and unsold grams ' +
    'returned to a centre or sent on to a processor. Each store holds grams per lot; nobody sells, donates or ' +
    'returns more than the store holds. All quantities are integer grams.',
  paths: {
    '/v1/retail/receipts': {
      post: {
        operationId: 'receiveLotAtStore',
        summary: 'Record grams of a lot received at a store',
        description:
          "The store now holds the grams. What was dispatched is the sorting service's fact and is not checked here: " +
          `a receipt larger than its dispatch is reported by the ledger as an anomaly. ${receiptIdempotency}`,
        requestBody: { required: true, content: json(ref('ReceiveLotAtStore')) },
        responses: {
          ...created('Receipt', 'The receipt'),
          ...problems('InvalidInput', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'),
        },
      },
    },
    '/v1/retail/receipts/{receiptId}': read('getStoreReceipt', 'Read a receipt', 'receiptId', 'Receipt'),
    '/v1/retail/sales': {
      post: {
        operationId: 'sellItems',
        summary: 'Record items sold from a lot (outcome reuse.sold)',
        description: `${holding} ${idempotency}`,
        requestBody: { required: true, content: json(ref('SellItems')) },
        responses: { ...created('Sale', 'The sale'), ...commandProblems },
      },
    },
    '/v1/retail/sales/{saleId}': read('getSale', 'Read a sale', 'saleId', 'Sale'),
    '/v1/retail/donations': {
      post: {
        operationId: 'donateItems',
        summary: 'Record items given away from a lot (outcome reuse.donated)',
        description: `${holding} ${idempotency}`,
        requestBody: { required: true, content: json(ref('DonateItems')) },
        responses: { ...created('Donation', 'The donation'), ...commandProblems },
      },
    },
    '/v1/retail/donations/{donationId}': read('getDonation', 'Read a donation', 'donationId', 'Donation'),
    '/v1/retail/returns': {
      post: {
        operationId: 'returnLot',
        summary: 'Send unsold grams of a lot back to a centre or on to a processor',
        description:
          'The grams are in transit to the destination until its receipt names this `returnId` as its `deliveryId`. ' +
          'A store returns only to a `centre` or a `processor` (400 naming `destination.kind` otherwise): exporting ' +
          `and disposing are decided by the centre or processor. ${holding} ${idempotency}`,
        requestBody: { required: true, content: json(ref('ReturnLot')) },
        responses: { ...created('Return', 'The return'), ...commandProblems },
      },
    },
    '/v1/retail/returns/{returnId}': read('getReturn', 'Read a return', 'returnId', 'Return'),
    '/v1/retail/stores/{storeId}/stock': {
      get: {
        operationId: 'getStoreStock',
        summary: 'Read what a store holds, per lot',
        description:
          'Received minus sold, donated and returned grams, for lots with grams left. A store that never received anything holds nothing (200, empty).',
        parameters: [pathId('storeId')],
        responses: {
          '200': { description: "The store's stock", content: json(ref('StoreStock')) },
          ...problems('InvalidInput'),
        },
      },
    },
  },
  schemas: {
    Items: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_ITEMS,
      description: 'Garments (or pairs of shoes); a uint32 on the wire',
    },
    Cents: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Euro cents' },
    Programme: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_PROGRAMME_LENGTH,
      description: 'The programme the donation went through (a name or an id), e.g. a local clothing bank',
    },
    ReturnDestination: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id'],
      properties: {
        kind: { type: 'string', enum: [...RETURN_DESTINATION_KINDS] },
        id: { ...ref('Id'), description: "The receiving centre's or processor's id" },
      },
    },
    ReceiveLotAtStore: {
      type: 'object',
      additionalProperties: false,
      required: ['lotId', 'storeId', 'grams', 'receivedAt'],
      properties: {
        receiptId: {
          ...ref('Id'),
          description: "Optional: the receipt's own id. Without it the id is derived (see the operation).",
        },
        lotId: ref('Id'),
        storeId: ref('Id'),
        grams: { ...ref('Grams'), description: 'Weighed grams received' },
        receivedAt: ref('Timestamp'),
        deliveryId: {
          ...ref('Id'),
          description:
            'The dispatchId this receipt closes; without it, the oldest open dispatch of the lot to this store',
        },
      },
    },
    Receipt: {
      type: 'object',
      required: ['receiptId', 'lotId', 'storeId', 'grams', 'receivedAt'],
      properties: {
        receiptId: ref('Id'),
        lotId: ref('Id'),
        storeId: ref('Id'),
        grams: ref('Grams'),
        receivedAt: ref('Timestamp'),
        deliveryId: ref('Id'),
      },
    },
    SellItems: {
      type: 'object',
      additionalProperties: false,
      required: ['saleId', 'storeId', 'lotId', 'grams', 'items', 'soldAt'],
      properties: {
        saleId: ref('Id'),
        storeId: ref('Id'),
        lotId: ref('Id'),
        grams: ref('Grams'),
        items: ref('Items'),
        revenueCents: ref('Cents'),
        soldAt: ref('Timestamp'),
      },
    },
    Sale: {
      type: 'object',
      required: ['saleId', 'storeId', 'lotId', 'grams', 'items', 'soldAt'],
      properties: {
        saleId: ref('Id'),
        storeId: ref('Id'),
        lotId: ref('Id'),
        grams: ref('Grams'),
        items: ref('Items'),
        revenueCents: ref('Cents'),
        soldAt: ref('Timestamp'),
      },
    },
    DonateItems: {
      type: 'object',
      additionalProperties: false,
      required: ['donationId', 'storeId', 'lotId', 'grams', 'programme', 'donatedAt'],
      properties: {
        donationId: ref('Id'),
        storeId: ref('Id'),
        lotId: ref('Id'),
        grams: ref('Grams'),
        programme: ref('Programme'),
        donatedAt: ref('Timestamp'),
      },
    },
    Donation: {
      type: 'object',
      required: ['donationId', 'storeId', 'lotId', 'grams', 'programme', 'donatedAt'],
      properties: {
        donationId: ref('Id'),
        storeId: ref('Id'),
        lotId: ref('Id'),
        grams: ref('Grams'),
        programme: ref('Programme'),
        donatedAt: ref('Timestamp'),
      },
    },
    ReturnLot: {
      type: 'object',
      additionalProperties: false,
      required: ['returnId', 'storeId', 'lotId', 'grams', 'destination', 'returnedAt'],
      properties: {
        returnId: ref('Id'),
        storeId: ref('Id'),
        lotId: ref('Id'),
        grams: ref('Grams'),
        destination: ref('ReturnDestination'),
        returnedAt: ref('Timestamp'),
      },
    },
    Return: {
      type: 'object',
      required: ['returnId', 'storeId', 'lotId', 'grams', 'destination', 'returnedAt'],
      properties: {
        returnId: ref('Id'),
        storeId: ref('Id'),
        lotId: ref('Id'),
        grams: ref('Grams'),
        destination: ref('ReturnDestination'),
        returnedAt: ref('Timestamp'),
      },
    },
    StoreStock: {
      type: 'object',
      required: ['storeId', 'grams', 'lots'],
      properties: {
        storeId: ref('Id'),
        grams: { type: 'integer', minimum: 0, description: "Sum of the lots' grams" },
        lots: {
          type: 'array',
          description: 'Lots with grams > 0, by lotId',
          items: {
            type: 'object',
            required: ['lotId', 'grams'],
            properties: { lotId: ref('Id'), grams: ref('Grams') },
          },
        },
      },
    },
  },
});
