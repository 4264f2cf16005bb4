import { readJson, type StringOptions } from '@vezel/rpc';
import type { OpenApiObject } from './openapi-document.ts';
import { answerSchema, bodySchema, describedRef, schemaRef } from './openapi-schemas.ts';

// A holder's receipt (a centre's, a store's, a processor's) over HTTP: the grams of a node it received. Every
// holder's receipt has the same fields but for two ids, named after what is received and who receives it, so its
// body is read and documented here, once; `receipt()` of the service operations serves it as `POST /receipts`.

/** The names of a receipt's two own ids: the node received (`lotId`, `nodeId`) and the holder (`storeId`). */
export interface ReceiptIdFields<Node extends string, Holder extends string> {
  readonly node: Node;
  readonly holder: Holder;
}

/** A receipt's body as read: without a `receiptId`, the service derives one. */
export type ReceiptBody<Node extends string, Holder extends string> = {
  readonly receiptId?: string;
  readonly grams: bigint;
  readonly receivedAt: Date;
  readonly deliveryId?: string;
} & { readonly [Field in Node | Holder]: string };

/** Reads a receipt's body, naming the offending field. `id` bounds every id: the chain's id rule, the services'. */
export function readReceiptBody<Node extends string, Holder extends string>(
  body: unknown,
  fields: ReceiptIdFields<Node, Holder>,
  id: StringOptions,
): ReceiptBody<Node, Holder> {
  return readJson(body, (input) => {
    const receiptId = input.optionalString('receiptId', id);
    const deliveryId = input.optionalString('deliveryId', id);
    return {
      ...(receiptId === undefined ? {} : { receiptId }),
      [fields.node]: input.string(fields.node, id),
      [fields.holder]: input.string(fields.holder, id),
      grams: input.grams('grams'),
      receivedAt: input.timestamp('receivedAt'),
      ...(deliveryId === undefined ? {} : { deliveryId }),
    } as ReceiptBody<Node, Holder>;
  });
}

/** How a service words the fields of its receipt's body. */
export interface ReceiptBodyWords {
  readonly receiptId: string;
  readonly deliveryId: string;
  /** Absent: `grams` is the shared `Grams` schema, unworded. */
  readonly grams?: string;
}

/** The schemas of a holder's receipt: its body, named `body`, and the `Receipt` the service answers with. */
export function receiptSchemas(
  body: string,
  fields: ReceiptIdFields<string, string>,
  words: ReceiptBodyWords,
): OpenApiObject {
  const { node, holder } = fields;
  return {
    [body]: bodySchema({
      required: [node, holder, 'grams', 'receivedAt'],
      properties: {
        receiptId: describedRef('Id', words.receiptId),
        [node]: schemaRef('Id'),
        [holder]: schemaRef('Id'),
        grams: words.grams === undefined ? schemaRef('Grams') : describedRef('Grams', words.grams),
        receivedAt: schemaRef('Timestamp'),
        deliveryId: describedRef('Id', words.deliveryId),
      },
    }),
    Receipt: answerSchema({
      required: ['receiptId', node, holder, 'grams', 'receivedAt'],
      properties: {
        receiptId: schemaRef('Id'),
        [node]: schemaRef('Id'),
        [holder]: schemaRef('Id'),
        grams: schemaRef('Grams'),
        receivedAt: schemaRef('Timestamp'),
        deliveryId: schemaRef('Id'),
      },
    }),
  };
}
