import type { OpenApiObject } from './openapi-document.ts';

// Building blocks for a service's `components.schemas`, so that every service documents bodies, answers and their
// lines alike.

/** `$ref` to one of the document's schemas: `schemaRef('Grams')`. */
export function schemaRef(name: string): OpenApiObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** `$ref` to one of the document's schemas, with what it means where it is used. */
export function describedRef(name: string, description: string): OpenApiObject {
  return { ...schemaRef(name), description };
}

/** The fields of an object: the names it must have, and the schema of every field, in the order they are listed. */
export interface ObjectFields {
  readonly required: readonly string[];
  readonly properties: OpenApiObject;
}

/** A request body: closed, as the JSON reader refuses a field it does not know (`"gram" is not a known field`). */
export function bodySchema(fields: ObjectFields): OpenApiObject {
  return { type: 'object', additionalProperties: false, required: fields.required, properties: fields.properties };
}

/** An answer: left open, so that it can gain a field without breaking a client. */
export function answerSchema(fields: ObjectFields): OpenApiObject {
  return { type: 'object', required: fields.required, properties: fields.properties };
}

/**
 * A command's body and the fact it records, where the fact has exactly the body's fields:
 * `...bodyAndFactSchemas('SellItems', 'Sale', saleFields)`.
 */
export function bodyAndFactSchemas(body: string, fact: string, fields: ObjectFields): OpenApiObject {
  return { [body]: bodySchema(fields), [fact]: answerSchema(fields) };
}

/** Grams of one node or lot, `{ nodeId, grams }`: a run's input line, a line of what a holder holds. */
export function gramsLineFields(idField: string): ObjectFields {
  return { required: [idField, 'grams'], properties: { [idField]: schemaRef('Id'), grams: schemaRef('Grams') } };
}

/** A line of grams of one node or lot in an answer, such as a holder's stock. */
export function gramsLineSchema(idField: string): OpenApiObject {
  return answerSchema(gramsLineFields(idField));
}
