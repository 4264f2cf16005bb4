import { problems, type OpenApiObject } from '@vezel/service-kit';

/*
 * The OpenAPI description of what partners subscribe with: webhooks (Standard Webhooks) and GS1 EPCIS 2.0 queries
 * and subscriptions. Merged into the ledger's document; kept apart because the ledger's own queries are long.
 */

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });
const idParameter = (name: string, description: string): OpenApiObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', maxLength: 128 },
});
const webhookId = idParameter('id', 'The webhook (`wh_...`)');
const queryName = idParameter('name', 'The query: `SimpleEventQuery`, or one of the caller’s named queries');
const position = { type: 'string', pattern: '^\\d+$' };
const queryParameter = (name: string, description: string): OpenApiObject => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});
const mine = 'A partner manages its own webhooks; another’s answers 404. The operator manages every one.';

const epcisQueryParameters: readonly OpenApiObject[] = [
  queryParameter('eventType', '`ObjectEvent`, `TransformationEvent`, ... (alternatives separated by `|`)'),
  queryParameter('GE_eventTime', 'Events at or after this ISO 8601 date-time'),
  queryParameter('LT_eventTime', 'Events before this ISO 8601 date-time'),
  queryParameter('EQ_bizStep', 'Business steps: `shipping`, `receiving`, GS1 URIs, or `vezel:sorting` (`|` between)'),
  queryParameter('EQ_action', '`ADD`, `OBSERVE` or `DELETE` (`|` between)'),
  queryParameter('MATCH_anyEPCClass', 'Node URIs (`<EPCIS_BASE_URI>/nodes/<id>`) in any quantity list (`|` between)'),
  {
    name: 'perPage',
    in: 'query',
    required: false,
    description: 'Events per page, 1 to 1000; default 100',
    schema: { type: 'string', pattern: '^\\d+$' },
  },
  queryParameter('nextPageToken', 'From the `Link: <...>; rel="next"` header of the page before'),
];

const epcisDocument = {
  '200': {
    description:
      'An EPCISQueryDocument (GS1 EPCIS 2.0 JSON-LD) of the events the caller may see, in feed order; a `Link` ' +
      'header with `rel="next"` when there is more. Answers carry `GS1-EPCIS-Version` and `GS1-CBV-Version`.',
    content: json({ type: 'object', description: 'EPCISQueryDocument (GS1 EPCIS 2.0 JSON schema)' }),
  },
  ...problems('InvalidInput', 'NotFound'),
};

export const partnerDeliveryPaths: OpenApiObject = {
  '/v1/ledger/webhooks': {
    post: {
      operationId: 'registerWebhook',
      summary: 'Register a webhook: the partner feed pushed to a URL, signed (Standard Webhooks)',
      description:
        'Every feed event the caller may see and the filter matches is POSTed to `url` as `{type, timestamp, ' +
        'data}` (data as the SSE feed sends it), with `webhook-id` (the event id, the same on every try), ' +
        '`webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the ' +
        'secret in this answer, shown once). Tries: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h ' +
        '(+-20 %); then a dead letter. 429, 5xx and no answer hold the endpoint back; 410 disables it. Per node, ' +
        'events arrive in feed order. `url` must be https on a public address unless the operator allows a network.',
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', format: 'uri', maxLength: 2000 },
            types: { type: 'string', description: 'Only these event types, comma-separated' },
            node: { type: 'string', description: 'Only events touching this node' },
            municipality: { type: 'string', pattern: '^GM\\d{4}$' },
            after: { ...position, description: 'Start after this feed position; default: new events only' },
          },
        }),
      },
      responses: {
        '201': {
          description: 'Registered; `secret` (`whsec_...`) is shown this once',
          content: json(ref('WebhookWithSecret')),
        },
        ...problems('InvalidInput', 'Conflict'),
      },
    },
    get: {
      operationId: 'listWebhooks',
      summary: 'The caller’s webhooks, with their health',
      description: mine,
      responses: {
        '200': {
          description: 'The webhooks',
          content: json({ type: 'object', properties: { webhooks: { type: 'array', items: ref('Webhook') } } }),
        },
      },
    },
  },
  '/v1/ledger/webhooks/{id}': {
    get: {
      operationId: 'getWebhook',
      summary: 'A webhook and its health: pending, delivered and dead messages, the last failure',
      description: mine,
      parameters: [webhookId],
      responses: { '200': { description: 'The webhook', content: json(ref('Webhook')) }, ...problems('NotFound') },
    },
    delete: {
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook and its delivery history',
      parameters: [webhookId],
      responses: { '204': { description: 'Deleted' }, ...problems('NotFound') },
    },
  },
  '/v1/ledger/webhooks/{id}/enable': {
    post: {
      operationId: 'enableWebhook',
      summary: 'Enable a webhook again (after a 410 or a disable): delivery goes on where it stopped',
      parameters: [webhookId],
      responses: { '200': { description: 'Enabled', content: json(ref('Webhook')) }, ...problems('NotFound') },
    },
  },
  '/v1/ledger/webhooks/{id}/disable': {
    post: {
      operationId: 'disableWebhook',
      summary: 'Stop sending to a webhook; its messages wait',
      parameters: [webhookId],
      responses: { '200': { description: 'Disabled', content: json(ref('Webhook')) }, ...problems('NotFound') },
    },
  },
  '/v1/ledger/webhooks/{id}/secret/rotate': {
    post: {
      operationId: 'rotateWebhookSecret',
      summary: 'A new signing secret; the old one signs beside it for 24 hours',
      parameters: [webhookId],
      responses: {
        '200': {
          description: 'The new secret, shown this once',
          content: json({
            type: 'object',
            properties: { secret: { type: 'string' }, previousSecretExpiresAt: ref('Timestamp') },
          }),
        },
        ...problems('InvalidInput', 'NotFound'),
      },
    },
  },
  '/v1/ledger/webhooks/{id}/replay': {
    post: {
      operationId: 'replayWebhook',
      summary: 'Send again what matches after a position: every event, or only the dead letters',
      parameters: [webhookId],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['after'],
          additionalProperties: false,
          properties: { after: position, only: { type: 'string', enum: ['all', 'dead'] } },
        }),
      },
      responses: {
        '202': {
          description: 'Queued; `requeued` counts the messages already known that go again',
          content: json({
            type: 'object',
            properties: { after: position, only: { type: 'string' }, requeued: { type: 'integer' } },
          }),
        },
        ...problems('InvalidInput', 'NotFound'),
      },
    },
  },
  '/v1/ledger/webhooks/{id}/deliveries': {
    get: {
      operationId: 'listWebhookDeliveries',
      summary: 'A webhook’s messages: pending, delivered or dead (the dead letters), with each one’s tries',
      parameters: [
        webhookId,
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
        },
        { name: 'after', in: 'query', required: false, schema: position },
        { name: 'limit', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d+$' } },
      ],
      responses: {
        '200': {
          description: 'The messages, in feed order',
          content: json({ type: 'object', properties: { deliveries: { type: 'array', items: { type: 'object' } } } }),
        },
        ...problems('InvalidInput', 'NotFound'),
      },
    },
  },
  '/v1/epcis/events': {
    get: {
      operationId: 'queryEpcisEvents',
      summary: 'GS1 EPCIS 2.0 SimpleEventQuery over the events the caller may see',
      parameters: epcisQueryParameters,
      responses: epcisDocument,
    },
  },
  '/v1/epcis/queries': {
    post: {
      operationId: 'createEpcisQuery',
      summary: 'Save a named query (its parameters) to run or subscribe to by name',
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
            query: { type: 'object', description: 'Query parameters: strings (`|` between) or arrays of strings' },
          },
        }),
      },
      responses: { '201': { description: 'Saved' }, ...problems('InvalidInput', 'Conflict') },
    },
    get: {
      operationId: 'listEpcisQueries',
      summary: 'SimpleEventQuery and the caller’s named queries',
      responses: { '200': { description: 'The queries', content: json({ type: 'array', items: { type: 'object' } }) } },
    },
  },
  '/v1/epcis/queries/{name}': {
    get: {
      operationId: 'getEpcisQuery',
      summary: 'A named query’s parameters',
      parameters: [queryName],
      responses: { '200': { description: 'The query' }, ...problems('InvalidInput', 'NotFound') },
    },
    delete: {
      operationId: 'deleteEpcisQuery',
      summary: 'Delete a named query that has no subscriptions',
      parameters: [queryName],
      responses: { '204': { description: 'Deleted' }, ...problems('InvalidInput', 'NotFound', 'Conflict') },
    },
  },
  '/v1/epcis/queries/{name}/events': {
    get: {
      operationId: 'runEpcisQuery',
      summary: 'Run a named query (its parameters and those given here)',
      parameters: [queryName, ...epcisQueryParameters],
      responses: epcisDocument,
    },
  },
  '/v1/epcis/queries/{name}/subscriptions': {
    post: {
      operationId: 'subscribeEpcisQuery',
      summary: 'Subscribe `dest` to the query: each new matching event as an EPCISQueryDocument',
      description:
        'Streaming only (`stream: true`): each event the caller may see and the query matches is POSTed to `dest` ' +
        'as an EPCISQueryDocument with `subscriptionID`, through the webhook machinery (retries, dead letters). ' +
        'With a `signatureToken`, each message carries `GS1-Signature`: the base64 HMAC-SHA256 of the body under ' +
        'the token. A subscription gets the events after it is made.',
      parameters: [queryName],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['dest', 'stream'],
          properties: {
            dest: { type: 'string', format: 'uri' },
            signatureToken: { type: 'string', minLength: 16, maxLength: 256 },
            stream: { type: 'boolean', const: true },
            reportIfEmpty: { type: 'boolean' },
          },
        }),
      },
      responses: {
        '201': { description: 'Subscribed', content: json(ref('EpcisSubscription')) },
        ...problems('InvalidInput', 'NotFound', 'Conflict'),
      },
    },
    get: {
      operationId: 'listEpcisSubscriptions',
      summary: 'The caller’s subscriptions to the query',
      parameters: [queryName],
      responses: {
        '200': { description: 'The subscriptions', content: json({ type: 'array', items: ref('EpcisSubscription') }) },
        ...problems('InvalidInput', 'NotFound'),
      },
    },
  },
  '/v1/epcis/queries/{name}/subscriptions/{id}': {
    get: {
      operationId: 'getEpcisSubscription',
      summary: 'A subscription and its health',
      parameters: [queryName, idParameter('id', 'The subscription (`sub_...`)')],
      responses: {
        '200': { description: 'The subscription', content: json(ref('EpcisSubscription')) },
        ...problems('NotFound'),
      },
    },
    delete: {
      operationId: 'deleteEpcisSubscription',
      summary: 'Unsubscribe',
      parameters: [queryName, idParameter('id', 'The subscription (`sub_...`)')],
      responses: { '204': { description: 'Unsubscribed' }, ...problems('NotFound') },
    },
  },
};

const health: OpenApiObject = {
  type: 'object',
  properties: {
    pending: { type: 'integer' },
    delivered: { type: 'integer' },
    dead: { type: 'integer' },
    lastDeliveredAt: ref('Timestamp'),
    lastFailure: {
      type: 'object',
      properties: { at: ref('Timestamp'), status: { type: 'integer' }, error: { type: 'string' } },
    },
  },
};

const webhook: OpenApiObject = {
  type: 'object',
  required: ['id', 'url', 'status', 'scannedThrough', 'health'],
  properties: {
    id: { type: 'string' },
    partnerId: { type: 'string' },
    url: { type: 'string' },
    filter: { type: 'object' },
    status: { type: 'string', enum: ['active', 'disabled'] },
    disabledReason: { type: 'string' },
    scannedThrough: { ...position, description: 'Feed positions looked at so far' },
    pausedUntil: ref('Timestamp'),
    createdAt: ref('Timestamp'),
    health,
  },
};

export const partnerDeliverySchemas: OpenApiObject = {
  Webhook: webhook,
  WebhookWithSecret: {
    allOf: [webhook, { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } }],
  },
  EpcisSubscription: {
    type: 'object',
    properties: {
      subscriptionID: { type: 'string' },
      queryName: { type: 'string' },
      dest: { type: 'string' },
      stream: { type: 'boolean' },
      signed: { type: 'boolean' },
      status: { type: 'string', enum: ['active', 'disabled'] },
      createdAt: ref('Timestamp'),
      health,
    },
  },
};
