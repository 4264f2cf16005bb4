import { describe, expect, it } from 'vitest';
import { collectionOpenApiDocument } from '../../src/adapters/http/collection-openapi.ts';

/** Every `$ref` string anywhere in a document. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === '$ref' && typeof member === 'string' ? [member] : referencesIn(member),
  );
}

/** Follows a local JSON pointer (`#/components/schemas/Batch`). */
function resolve(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      document,
    );
}

describe('the collection OpenAPI document', () => {
  it('resolves every reference it makes', () => {
    const references = referencesIn(collectionOpenApiDocument);
    expect(references.length).toBeGreaterThan(10);
    for (const reference of new Set(references))
      expect(resolve(collectionOpenApiDocument, reference), reference).toBeDefined();
  });

  it('documents every command of docs/domain.md with its paths and fields', () => {
    const schemas = (collectionOpenApiDocument['components'] as { schemas: Record<string, { required?: string[] }> })
      .schemas;
    expect(schemas['RegisterContainer']?.required).toEqual(['containerId', 'municipality', 'channel']);
    expect(schemas['CollectBatch']?.required).toEqual(['batchId', 'containerId', 'grams', 'collectedAt']);
    expect(schemas['ShipBatch']?.required).toEqual(['shipmentId', 'centreId', 'grams', 'shippedAt']);
  });
});
