import { describe, expect, it } from 'vitest';
import { recyclingOpenApiDocument } from '../../src/adapters/http/recycling-openapi.ts';

/** Every `$ref` string anywhere in a document. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === '$ref' && typeof member === 'string' ? [member] : referencesIn(member),
  );
}

/** Follows a local JSON pointer (`#/components/schemas/Receipt`). */
function resolve(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      document,
    );
}

type Schemas = Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
const schemas = (recyclingOpenApiDocument['components'] as { schemas: Schemas }).schemas;

describe('the recycling OpenAPI document', () => {
  it('resolves every reference it makes', () => {
    const references = referencesIn(recyclingOpenApiDocument);
    expect(references.length).toBeGreaterThan(20);
    for (const reference of new Set(references))
      expect(resolve(recyclingOpenApiDocument, reference), reference).toBeDefined();
  });

  it('documents every command of docs/domain.md with its fields', () => {
    expect(schemas['ReceiveLot']?.required).toEqual(['lotId', 'processorId', 'grams', 'receivedAt']);
    expect(Object.keys(schemas['ReceiveLot']?.properties ?? {})).toEqual([
      'receiptId',
      'lotId',
      'processorId',
      'grams',
      'receivedAt',
      'deliveryId',
    ]);
    expect(schemas['CompleteProcessingRun']?.required).toEqual([
      'runId',
      'processorId',
      'inputs',
      'outputs',
      'lossGrams',
      'completedAt',
    ]);
    expect(schemas['RunOutput']?.required).toEqual(['productId', 'outcome', 'productKind', 'grams']);
    expect(schemas['DisposeNode']?.required).toEqual([
      'disposalId',
      'processorId',
      'nodeId',
      'grams',
      'method',
      'disposedAt',
    ]);
  });

  it('says how a receipt without a receiptId stays idempotent', () => {
    const paths = recyclingOpenApiDocument['paths'] as Record<string, { post?: { description?: string } }>;
    expect(paths['/v1/recycling/receipts']?.post?.description).toMatch(/deliveryId.*409/s);
  });
});
