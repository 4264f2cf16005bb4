import {
  bodyAndFactSchemas,
  gramsLineSchema,
  receiptSchemas,
  type ObjectFields,
  type OpenApiObject,
} from '@vezel/service-kit';
import { CONTENT_RECEIPT_ID_PREFIX, DELIVERY_RECEIPT_ID_PREFIX } from '../../app/receipt-identity.ts';
import { RETURN_DESTINATION_KINDS } from '../../domain/index.ts';
import { MAX_ITEMS, MAX_PROGRAMME_LENGTH } from '../edge-limits.ts';
import { storeReceipt } from './retail-requests.ts';

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

/** What a taking (a sale, a donation, a return) has of its own, around the store, lot and grams it takes. */
interface Taking {
  /** The taking's id field (`saleId`). */
  readonly id: string;
  /** Its own required fields (`items`). */
  readonly own: OpenApiObject;
  /** Its own optional fields (`revenueCents`). */
  readonly optional?: OpenApiObject;
  /** When it happened (`soldAt`). */
  readonly at: string;
}

/** The fields of a taking, in the order every taking lists them: id, store, lot, grams, its own, time. */
function takingFields(taking: Taking): ObjectFields {
  const { id, own, optional = {}, at } = taking;
  return {
    required: [id, 'storeId', 'lotId', 'grams', ...Object.keys(own), at],
    properties: {
      [id]: ref('Id'),
      storeId: ref('Id'),
      lotId: ref('Id'),
      grams: ref('Grams'),
      ...own,
      ...optional,
      [at]: ref('Timestamp'),
    },
  };
}

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
  ...receiptSchemas('ReceiveLotAtStore', storeReceipt, {
    receiptId: "Optional: the receipt's own id. Without it the id is derived (see the operation).",
    grams: 'Weighed grams received',
    deliveryId: 'The dispatchId this receipt closes; without it, the oldest open dispatch of the lot to this store',
  }),
  ...bodyAndFactSchemas(
    'SellItems',
    'Sale',
    takingFields({
      id: 'saleId',
      own: { items: ref('Items') },
      optional: { revenueCents: ref('Cents') },
      at: 'soldAt',
    }),
  ),
  ...bodyAndFactSchemas(
    'DonateItems',
    'Donation',
    takingFields({ id: 'donationId', own: { programme: ref('Programme') }, at: 'donatedAt' }),
  ),
  ...bodyAndFactSchemas(
    'ReturnLot',
    'Return',
    takingFields({ id: 'returnId', own: { destination: ref('ReturnDestination') }, at: 'returnedAt' }),
  ),
  StoreStock: {
    type: 'object',
    required: ['storeId', 'grams', 'lots'],
    properties: {
      storeId: ref('Id'),
      grams: { type: 'integer', minimum: 0, description: "Sum of the lots' grams" },
      lots: {
        type: 'array',
        description: 'Lots with grams > 0, by lotId',
        items: gramsLineSchema('lotId'),
      },
    },
  },
};
