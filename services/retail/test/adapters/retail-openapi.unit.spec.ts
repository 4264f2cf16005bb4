import { describe, expect, it } from 'vitest';
import { retailOpenApiDocument } from '../../src/adapters/http/retail-openapi.ts';

/** Every `$ref` string anywhere in a document. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === '$ref' && typeof member === 'string' ? [member] : referencesIn(member),
  );
}

/** Follows a local JSON pointer (`#/components/schemas/Sale`). */
function resolve(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      document,
    );
}

interface Schema {
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

const schemas = (retailOpenApiDocument['components'] as { schemas: Record<string, Schema> }).schemas;

describe('the retail OpenAPI document', () => {
  it('resolves every reference it makes', () => {
    const references = referencesIn(retailOpenApiDocument);
    expect(references.length).toBeGreaterThan(10);
    for (const reference of new Set(references))
      expect(resolve(retailOpenApiDocument, reference), reference).toBeDefined();
  });

  it.each([
    ['ReceiveLotAtStore', ['lotId', 'storeId', 'grams', 'receivedAt'], ['receiptId', 'deliveryId']],
    ['SellItems', ['saleId', 'storeId', 'lotId', 'grams', 'items', 'soldAt'], ['revenueCents']],
    ['DonateItems', ['donationId', 'storeId', 'lotId', 'grams', 'programme', 'donatedAt'], []],
    ['ReturnLot', ['returnId', 'storeId', 'lotId', 'grams', 'destination', 'returnedAt'], []],
  ])('documents %s with the fields of docs/domain.md', (name, required, optional) => {
    expect(schemas[name]?.required).toEqual(required);
    expect(Object.keys(schemas[name]?.properties ?? {}).sort()).toEqual([...required, ...optional].sort());
  });

  it('explains how a receipt without an id stays idempotent', () => {
    const receipts = (retailOpenApiDocument['paths'] as Record<string, { post: { description: string } }>)[
      '/v1/retail/receipts'
    ];
    expect(receipts?.post.description).toContain('rcpt-d-');
    expect(receipts?.post.description).toContain('rcpt-c-');
  });

  it('caps items at what a uint32 holds', () => {
    expect(schemas['Items']).toMatchObject({ minimum: 1, maximum: 4_294_967_295 });
  });
});
