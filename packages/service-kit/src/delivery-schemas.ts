import type { OpenApiObject } from './openapi-document.ts';
import { answerSchema, bodySchema, schemaRef } from './openapi-schemas.ts';

// A delivery, a batch's shipment or a lot's dispatch: grams leave their holder for another. Both may say the road
// distance, kept for a transport km per kg reused figure, and record it alike.

/** What a delivery has of its own. */
export interface Delivery {
  /** Its id field: `shipmentId`. */
  readonly id: string;
  /** What the service knows of where the grams came from, added to the recorded delivery: its batch, container. */
  readonly origin: OpenApiObject;
  /** The fields the body and the recorded delivery share, all required: `centreId`, `grams`. */
  readonly own: OpenApiObject;
  /** When the grams left: `shippedAt`. */
  readonly at: string;
}

/** The schemas of a delivery: its command's body, named `body`, and the recorded delivery, named `fact`. */
export function deliverySchemas(body: string, fact: string, delivery: Delivery): OpenApiObject {
  const { id, origin, own, at } = delivery;
  return {
    [body]: bodySchema({
      required: [id, ...Object.keys(own), at],
      properties: {
        [id]: schemaRef('Id'),
        ...own,
        transportKm: { type: 'number', minimum: 0, description: 'Road distance, for transport km per kg reused' },
        [at]: schemaRef('Timestamp'),
      },
    }),
    [fact]: answerSchema({
      required: [id, ...Object.keys(origin), ...Object.keys(own), at],
      properties: {
        [id]: schemaRef('Id'),
        ...origin,
        ...own,
        transportKm: { type: 'number', minimum: 0 },
        [at]: schemaRef('Timestamp'),
      },
    }),
  };
}
