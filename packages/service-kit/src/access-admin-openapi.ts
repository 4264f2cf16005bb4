import { HOLDER_KINDS, PARTNER_KINDS } from '@vezel/access';
import { createOpenApiDocument, problems, type OpenApiObject } from './openapi-document.ts';
import { schemaRef as ref } from './openapi-schemas.ts';

const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });
const adminProblems = problems('InvalidInput', 'Unauthenticated', 'Forbidden', 'NotFound', 'Conflict');
const pathId = (name: string): OpenApiObject => ({ name, in: 'path', required: true, schema: ref('Id') });

/** The OpenAPI document of the access administration (`/v1/access/...`), served beside it. */
export const accessAdminOpenApiDocument: OpenApiObject = createOpenApiDocument({
  service: 'access',
  version: '1.0.0',
  description:
    'Who may call Vezel: partners (organisations of a kind), the holders they own, and their API keys. Every ' +
    'operation needs a credential with the `admin` scope (the operator’s). A holder nobody was given belongs to ' +
    'the operator. A key’s token is in the answer that creates it and nowhere else.',
  paths: {
    '/v1/access/partners': {
      post: {
        operationId: 'savePartner',
        summary: 'Register a partner (or rename one)',
        requestBody: { required: true, content: json(ref('Partner')) },
        responses: { '201': { description: 'The partner', content: json(ref('Partner')) }, ...adminProblems },
      },
      get: {
        operationId: 'listPartners',
        summary: 'Every partner with the holders it owns',
        responses: {
          '200': {
            description: 'The partners',
            content: json({ type: 'object', properties: { partners: { type: 'array', items: ref('Partner') } } }),
          },
          ...adminProblems,
        },
      },
    },
    '/v1/access/partners/{partnerId}/holders': {
      post: {
        operationId: 'assignHolder',
        summary: 'Give a holder (a centre, store, processor, or a municipality’s containers) to a partner',
        parameters: [pathId('partnerId')],
        requestBody: { required: true, content: json(ref('HolderRef')) },
        responses: { '201': { description: 'The holder is the partner’s' }, ...adminProblems },
      },
    },
    '/v1/access/keys': {
      post: {
        operationId: 'createApiKey',
        summary: 'Make an API key for a partner; its token is shown in this answer only',
        requestBody: { required: true, content: json(ref('NewApiKey')) },
        responses: {
          '201': {
            description: 'The key, with its `token`',
            content: json({ allOf: [ref('ApiKey'), { type: 'object', properties: { token: { type: 'string' } } }] }),
          },
          ...adminProblems,
        },
      },
      get: {
        operationId: 'listApiKeys',
        summary: 'Keys (never their secrets), of one partner with `?partnerId=`',
        responses: {
          '200': {
            description: 'The keys',
            content: json({ type: 'object', properties: { keys: { type: 'array', items: ref('ApiKey') } } }),
          },
          ...adminProblems,
        },
      },
    },
    '/v1/access/keys/{keyId}/revoke': {
      post: {
        operationId: 'revokeApiKey',
        summary: 'Revoke a key: refused from the next request on, by every service',
        parameters: [pathId('keyId')],
        responses: { '200': { description: 'The revoked key', content: json(ref('ApiKey')) }, ...adminProblems },
      },
    },
  },
  schemas: {
    Partner: {
      type: 'object',
      required: ['partnerId', 'kind', 'name'],
      properties: {
        partnerId: ref('Id'),
        kind: { type: 'string', enum: [...PARTNER_KINDS] },
        name: { type: 'string' },
        holders: { type: 'array', items: ref('HolderRef'), readOnly: true },
      },
    },
    HolderRef: {
      type: 'object',
      required: ['kind', 'id'],
      properties: { kind: { type: 'string', enum: [...HOLDER_KINDS] }, id: ref('Id') },
    },
    NewApiKey: {
      type: 'object',
      required: ['partnerId', 'scope'],
      properties: {
        partnerId: ref('Id'),
        scope: { type: 'string', description: 'Space-separated: `read`, `record`, `admin` (the operator only)' },
        label: { type: 'string' },
        expiresAt: ref('Timestamp'),
      },
    },
    ApiKey: {
      type: 'object',
      required: ['keyId', 'partnerId', 'scope', 'label', 'createdAt'],
      properties: {
        keyId: { type: 'string', description: 'What logs, events and revocation name; not a secret' },
        partnerId: ref('Id'),
        scope: { type: 'string' },
        label: { type: 'string' },
        createdAt: ref('Timestamp'),
        expiresAt: ref('Timestamp'),
        revokedAt: ref('Timestamp'),
      },
    },
  },
});
