import type { OpenApiObject } from '@vezel/service-kit';
import { CONTENT_RECEIPT_ID_PREFIX, DELIVERY_RECEIPT_ID_PREFIX } from '../../app/receipt-identity.ts';
import { RETURN_DESTINATION_KINDS } from '../../domain/index.ts';
import { MAX_ITEMS, MAX_PROGRAMME_LENGTH } from '../edge-limits.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

/** How a receipt without a `receiptId` stays safe to repeat. */
export const receiptIdempotency =
  'docs/domain.md gives a receipt no id, so `receiptId` is optional and every receipt is still safe to repeat: ' +
  `with a \`receiptId\`, that is the receipt's id. Without one but with a \`deliveryId\`, the id is derived from the ` +
  `delivery (\`${DELIVERY_RECEIPT_ID_PREFIX}\` + 32 hex digits): a delivery is closed by one receipt, so repeating the ` +
  'receipt replays it and another body for the same delivery is a 409 naming `deliveryId`. Without either, the id is ' +
  `derived from storeId, lotId, grams and the instant of receivedAt (\`${CONTENT_RECEIPT_ID_PREFIX}\` + 32 hex digits): ` +
  'repeating the receipt replays it, and two distinct receipts that agree in all four must carry receiptIds. ' +
  'The response (and its Location) gives the id either way; sending it back with the same receipt is a replay. ' +
  'Same id and body: 200 with the original result; same id, another body: 409.';

/** The holding rule every taking command states. */
export const holding =
  'Takes at most what the store holds of the lot: a lot the store never received is a 404 naming `lotId`, more ' +
  'grams than it holds a 422 naming `grams` (with `heldGrams` and `requestedGrams`).';

/** The JSON schemas of the retail HTTP API's bodies and answers (`components.schemas`). */
export const retailSchemas: OpenApiObject = {
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
};
