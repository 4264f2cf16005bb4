import { InvalidInputError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import { describe, it } from 'vitest';
import { centreStockDecider } from '../../src/domain/index.ts';
import { aNodeReceived, aReceipt } from './sorting-fixtures.ts';

const spec = deciderSpecification(centreStockDecider);

describe('ids', () => {
  it.each([
    ['a NUL', 'B-\u0000'],
    ['a line break', 'B-1\n'],
    ['a leading space', ' B-1'],
    ['a trailing space', 'B-1 '],
  ])('are rejected with %s, naming the field (they would look like another node in every report)', (_name, nodeId) => {
    spec
      .given([])
      .when(aReceipt({ nodeId }))
      .thenThrows(InvalidInputError, { field: 'nodeId', message: /control characters/ });
  });

  it('count characters, not UTF-16 code units, as the HTTP reader does: 128 emoji are a valid id', () => {
    const nodeId = '🧵'.repeat(128);
    spec
      .given([])
      .when(aReceipt({ nodeId }))
      .then([aNodeReceived({ nodeId })]);
  });

  it('are rejected at 129 characters, whatever their width', () => {
    spec
      .given([])
      .when(aReceipt({ nodeId: '🧵'.repeat(129) }))
      .thenThrows(InvalidInputError, { field: 'nodeId' });
  });
});
