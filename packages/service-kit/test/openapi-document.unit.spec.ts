import { describe, expect, it } from 'vitest';
import { createOpenApiDocument, problems } from '../src/index.ts';

describe('OpenAPI documents', () => {
  const document = createOpenApiDocument({
    service: 'sorting',
    version: '1.0.0',
    description: 'Sorting centres',
    paths: {
      '/v1/sorting/runs': {
        post: { responses: { '201': { description: 'ok' }, ...problems('InvalidInput', 'MassNotConserved') } },
      },
    },
    schemas: { Run: { type: 'object' } },
  });

  it('are OpenAPI 3.1 with the shared schemas beside the service’s own', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Vezel sorting API', version: '1.0.0' } });
    expect(Object.keys((document['components'] as { schemas: object }).schemas)).toEqual(
      expect.arrayContaining(['Grams', 'Timestamp', 'Id', 'Problem', 'Run']),
    );
  });

  it('reference the shared problem responses by status', () => {
    expect(problems('InvalidInput', 'MassNotConserved')).toEqual({
      '400': { $ref: '#/components/responses/InvalidInput' },
      '422': { $ref: '#/components/responses/MassNotConserved' },
    });
    const responses = (document['components'] as { responses: Record<string, unknown> }).responses;
    expect(responses['MassNotConserved']).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  });
});
