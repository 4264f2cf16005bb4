import { describe, expect, it } from 'vitest';
import { sortingOpenApiDocument } from '../../src/adapters/http/sorting-openapi.ts';
import { FRACTIONS } from '../../src/domain/index.ts';

/** Every `$ref` string anywhere in a document. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === '$ref' && typeof member === 'string' ? [member] : referencesIn(member),
  );
}

/** Follows a local JSON pointer (`#/components/schemas/Lot`). */
function resolve(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      document,
    );
}

const schemas = (
  sortingOpenApiDocument['components'] as {
    schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
  }
).schemas;

describe('the sorting OpenAPI document', () => {
  it('resolves every reference it makes', () => {
    const references = referencesIn(sortingOpenApiDocument);
    expect(references.length).toBeGreaterThan(20);
    for (const reference of new Set(references))
      expect(resolve(sortingOpenApiDocument, reference), reference).toBeDefined();
  });

  it('documents every command of docs/domain.md with its fields, receiptId being optional', () => {
    expect(schemas['ReceiveNodeAtCentre']?.required).toEqual(['nodeId', 'centreId', 'grams', 'receivedAt']);
    expect(Object.keys(schemas['ReceiveNodeAtCentre']?.properties ?? {})).toEqual([
      'receiptId',
      'nodeId',
      'centreId',
      'grams',
      'receivedAt',
      'deliveryId',
    ]);
    expect(schemas['CompleteSortingRun']?.required).toEqual([
      'runId',
      'centreId',
      'inputs',
      'outputs',
      'lossGrams',
      'completedAt',
    ]);
    expect(schemas['DispatchLot']?.required).toEqual(['dispatchId', 'grams', 'destination', 'dispatchedAt']);
    expect(Object.keys(schemas['DispatchLot']?.properties ?? {})).toContain('transportKm');
  });

  it('lists the fractions the domain accepts', () => {
    expect(schemas['Fraction']).toMatchObject({ enum: [...FRACTIONS] });
  });
});
