import { createOpenApiDocument, problems, type OpenApiObject } from '@vezel/service-kit';
import { ANOMALY_KINDS, CUSTODY_MODEL, OUTCOMES, UPV_INDICATORS } from '../../domain/index.ts';
import { partnerDeliveryPaths, partnerDeliverySchemas } from './partner-delivery-openapi.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });

const ok = (description: string, schema: string): OpenApiObject => ({
  '200': { description, content: json(ref(schema)) },
});

const query = (
  name: string,
  description: string,
  schema: OpenApiObject = ref('Id'),
  required = false,
): OpenApiObject => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});

/**
 * One end of a period as people type it: a calendar date (the first instant of that day in the chain's time zone,
 * CHAIN_TIME_ZONE, default Europe/Amsterdam) or an RFC 3339 instant.
 */
const periodBoundary: OpenApiObject = {
  anyOf: [
    {
      type: 'string',
      format: 'date',
      description: "A calendar date: the first instant of that day in the chain's time zone (default Europe/Amsterdam)",
    },
    ref('Timestamp'),
  ],
  examples: ['2026-01-01', '2026-01-01T00:00:00+01:00'],
};

/** The collection period KPIs, flows and local-for-local are asked for: both ends required. */
const requiredPeriod = [
  query('from', 'Start of the collection period, inclusive: a calendar date or an instant', periodBoundary, true),
  query(
    'to',
    'End of the collection period, exclusive; later than `from`. `from=2026-01-01&to=2027-01-01` is the year 2026',
    periodBoundary,
    true,
  ),
];

const strictQuery =
  'Unknown or repeated query parameters are a 400 naming the parameter: a misspelt `municipalty=` must not silently ' +
  'widen a figure to the whole chain.';

const summed =
  'Container, municipality, KPI and report figures are sums of per-batch figures a background refresher keeps, so ' +
  'they trail the newest events by its backlog (`derivedPending` in `GET /v1/ledger/lag`); node traces and ' +
  'histories are computed from the facts on every request.';

const nonNegativeGrams: OpenApiObject = {
  type: 'integer',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'A mass in whole grams, as a JSON number; 0 where nothing reached it',
};

const outcome: OpenApiObject = {
  type: 'string',
  description:
    'Where grams ended: a dotted, open vocabulary (clients must accept values they do not know). Known: ' +
    `${OUTCOMES.map((value) => `\`${value}\``).join(', ')}.`,
  examples: ['reuse.sold'],
};

const periodParameters = [
  query(
    'from',
    'Start of the collection period, inclusive: a calendar date or an instant (container and municipality only)',
    periodBoundary,
  ),
  query(
    'to',
    'End of the collection period, exclusive; later than `from` (container and municipality only)',
    periodBoundary,
  ),
];

/** The name and province the ledger adds beside a CBS code that is on the list. */
const municipalityNameProperties: OpenApiObject = {
  municipalityName: {
    type: 'string',
    description: 'Its name in the CBS classification; absent for a code not on it',
    examples: ['Deventer'],
  },
  province: {
    type: 'string',
    description: 'Its province; absent for a code not on the list',
    examples: ['Overijssel'],
  },
};

const localForLocalRequired = ['collectedGrams', 'reusedInStoresGrams', 'localGrams', 'unplacedStoreGrams'];

const localForLocalProperties = (region: string): OpenApiObject => ({
  collectedGrams: { type: 'integer', minimum: 1 },
  reusedInStoresGrams: { type: 'integer', minimum: 0, description: 'Sold or donated in any store' },
  localGrams: { type: 'integer', minimum: 0, description: `Sold or donated in a store in the same ${region}` },
  unplacedStoreGrams: { type: 'integer', minimum: 0, description: 'Reused in stores with no known place' },
});

/** The OpenAPI 3.1 document of the ledger HTTP API, served at `/v1/ledger/openapi.json`. */
export const ledgerOpenApiDocument: OpenApiObject = createOpenApiDocument({
  service: 'ledger',
  version: '1.0.0',
  description:
    'The ledger answers "where did every kilogram go?" for the whole chain, from the events of collection, ' +
    "sorting, retail and recycling: forward traces (a source's grams over outcomes), backward traces (a node's " +
    'grams over origin batches and municipalities), node histories, KPIs, the UPV Textiel report and anomalies. ' +
    'Runs pool their inputs: traces follow the ISO 22095 mass-balance model at run level ' +
    `(\`"custodyModel": "${CUSTODY_MODEL}"\`). All quantities are integer grams, and every split adds up exactly to ` +
    `its whole (largest-remainder rounding). ${summed} The same queries are served over gRPC ` +
    '(`vezel.ledger.v1.LedgerService`).',
  paths: {
    '/v1/ledger/trace/forward': {
      get: {
        operationId: 'traceForward',
        summary: "Where did a source's grams go?",
        description:
          'Give exactly one of `node`, `container` or `municipality` (400 naming `node` when none is given, ' +
          '`container` when more than one). `from` and `to` narrow a container or municipality to the batches ' +
          'collected in that period and are a 400 naming `from` with a node. The outcomes list every known outcome ' +
          '(zeros included) and add up to `grams`; `stock` lines add up to the `stock` outcome. A container or ' +
          `municipality is the sum of its batches' traces, each rounded on its own. ${strictQuery}`,
        parameters: [
          query('node', 'A batch, lot or product: all its grams'),
          query('container', 'Every batch collected from this container'),
          query('municipality', 'CBS code: every batch collected in this municipality', {
            ...ref('Id'),
            examples: ['GM0150'],
          }),
          ...periodParameters,
        ],
        responses: {
          ...ok("The source's grams split over outcomes", 'ForwardTrace'),
          ...problems('InvalidInput', 'NotFound'),
        },
      },
    },
    '/v1/ledger/trace/backward': {
      get: {
        operationId: 'traceBackward',
        summary: "Where did a node's grams come from?",
        description:
          "A node's grams split over its origin batches (and their containers and municipalities) through the runs " +
          'that made it; `origins` and `byMunicipality` each add up to `grams`. While the ledger cannot follow a part ' +
          'back to a batch (a run input it has not seen created, listed under anomalies), that part is an origin of ' +
          `its own with \`containerId\` and \`municipality\` null. 404 for a node the ledger has not seen created. ${strictQuery}`,
        parameters: [query('node', 'The node to trace back', ref('Id'), true)],
        responses: {
          ...ok("The node's grams split over origins", 'BackwardTrace'),
          ...problems('InvalidInput', 'NotFound'),
        },
      },
    },
    '/v1/ledger/nodes/{nodeId}': {
      get: {
        operationId: 'getNode',
        summary: 'Read a node, who holds its grams, and its history',
        description:
          'A node some fact refers to but no fact created yet has kind `unknown` (see anomalies). 404 when no fact ' +
          'mentions the id. The history comes a page at a time: follow `nextHistoryPageToken` until it is absent.',
        parameters: [
          { name: 'nodeId', in: 'path', required: true, schema: ref('Id') },
          query('historyLimit', 'At most this many history entries (1-1000; default 200)', {
            type: 'integer',
            minimum: 1,
            maximum: 1000,
          }),
          query('historyPageToken', 'The previous page’s `nextHistoryPageToken`', { type: 'string' }),
        ],
        responses: { ...ok('The node', 'NodeDescription'), ...problems('InvalidInput', 'NotFound') },
      },
    },
    '/v1/ledger/kpis': {
      get: {
        operationId: 'getKpis',
        summary: 'Chain figures for the batches collected in a period',
        description:
          'Outcome split, reuse in the Netherlands and abroad, and CO2e per outcome from a versioned, sourced ' +
          'emission factor table, for the batches collected in [from, to), wherever their grams are now. Narrow to ' +
          'one municipality or one sorting centre (not both: 400 naming `centre`). 404 naming `factors` when no factor ' +
          `table (of that version) is loaded. ${summed} ${strictQuery}`,
        parameters: [
          ...requiredPeriod,
          query('municipality', 'CBS code: batches collected in this municipality'),
          query(
            'centre',
            'Batches that went to this sorting centre (their earliest receipt, else their earliest shipment)',
          ),
          query('factors', 'The emission factor table version; default the newest loaded', {
            ...ref('Id'),
            examples: ['2026-01'],
          }),
        ],
        responses: { ...ok('The KPIs', 'Kpis'), ...problems('InvalidInput', 'NotFound') },
      },
    },
    '/v1/ledger/flows': {
      get: {
        operationId: 'getFlows',
        summary: 'Grams by municipality, sorting centre, fraction and outcome: the chain as a flow diagram',
        description:
          'For the batches collected in [from, to): where their grams are now, per municipality of collection, ' +
          'first sorting centre (absent while a batch is on the road), the sorting fraction they went through first ' +
          "(absent for grams not sorted) and outcome; the dashboard's Sankey diagram. Per municipality, centre and " +
          'outcome the flows add up to the traces and KPIs exactly. ' +
          `Only flows with grams. ${summed} ${strictQuery}`,
        parameters: [...requiredPeriod],
        responses: { ...ok('The flows', 'Flows'), ...problems('InvalidInput') },
      },
    },
    '/v1/ledger/local-for-local': {
      get: {
        operationId: 'getLocalForLocal',
        summary: 'Per municipality or province: how much of what it collected was reused in its own stores',
        description:
          'For the batches collected in [from, to), per municipality of collection: the grams collected, those sold ' +
          'or donated in any store, those sold or donated in a store in the same municipality (local-for-local; ' +
          'its share is `localGrams / collectedGrams`), and those reused in stores whose place the ledger does not ' +
          'know. Store places are reference data (`stores` in the reference data file): no event says where a store ' +
          'is. With `region=province` the same per province (CBS classification): a store anywhere in the province ' +
          'the grams were collected in counts as local, and `provinces` replaces `municipalities`; a code the CBS ' +
          `list lacks stands alone under its code. ${summed} ${strictQuery}`,
        parameters: [
          ...requiredPeriod,
          query('region', 'What counts as local: the same `municipality` (default) or the same `province`', {
            type: 'string',
            enum: ['municipality', 'province'],
          }),
        ],
        responses: {
          ...ok('Local-for-local per municipality or province', 'LocalForLocal'),
          ...problems('InvalidInput'),
        },
      },
    },
    '/v1/ledger/municipalities': {
      get: {
        operationId: 'listMunicipalities',
        summary: 'The CBS municipalities the ledger knows, with names and provinces',
        description:
          'The CBS classification of Dutch municipalities the ledger checks `municipality` parameters against (a ' +
          'code not on it is a 400) and names municipalities by: code, name and province. Takes no parameters.',
        responses: { ...ok('The municipalities', 'Municipalities'), ...problems('InvalidInput') },
      },
    },
    '/v1/ledger/reports/upv': {
      get: {
        operationId: 'getUpvReport',
        summary: "The chain's figures beside the UPV Textiel targets",
        description:
          'For the batches collected in the year: reuse or recycling, reuse, reuse within the Netherlands (shares of ' +
          'textile put on the market the year before, configured reference data) and fibre-to-fibre (share of the ' +
          'recycled grams), beside the statutory minimum in force; then the same indicators per municipality of ' +
          "collection (`byMunicipality`, adding up to the chain's grams; only fibre-to-fibre has a base there). The " +
          "year is the calendar year in the chain's time zone. JSON, or CSV with `Accept: text/csv` or `format=csv` " +
          '(one line per indicator for the chain, `scope` `chain`, then per indicator and municipality, `scope` ' +
          '`municipality`; header `year,indicator,grams,base_grams,actual_percent,target_percent,' +
          'placed_on_market_grams,collected_grams,scope,municipality,municipality_name,province`, empty cells for ' +
          `what is not known or does not apply: municipal lines carry no national base or target). ${strictQuery}`,
        parameters: [
          query(
            'year',
            'The reporting year: four digits, 2000 or later',
            { type: 'string', pattern: '^[0-9]{4}$', examples: ['2026'] },
            true,
          ),
          query('format', '`csv` or `json`, instead of `Accept` (for a plain download link)', {
            type: 'string',
            enum: ['csv', 'json'],
          }),
        ],
        responses: {
          '200': {
            description: 'The report',
            headers: { Vary: { schema: { type: 'string' }, description: '`Accept`' } },
            content: {
              ...json(ref('UpvReport')),
              'text/csv': {
                schema: { type: 'string', description: 'RFC 4180 CSV with a header row, CRLF line ends' },
                example:
                  'year,indicator,grams,base_grams,actual_percent,target_percent,placed_on_market_grams,collected_grams,' +
                  'scope,municipality,municipality_name,province\r\n' +
                  '2026,reuse,20800,,,20,,55000,chain,,,\r\n' +
                  '2026,reuse,12607,,,,,35000,municipality,GM0150,Deventer,Overijssel\r\n',
              },
            },
          },
          ...problems('InvalidInput'),
        },
      },
    },
    '/v1/ledger/anomalies': {
      get: {
        operationId: 'listAnomalies',
        summary: 'Facts the ledger cannot reconcile yet',
        description:
          'The open anomalies, oldest first, a page at a time: follow `nextPageToken` until it is absent. An anomaly ' +
          `clears by itself when the missing or correcting event arrives. ${summed}`,
        parameters: [
          query('limit', 'At most this many (1-1000; default 100)', { type: 'integer', minimum: 1, maximum: 1000 }),
          query('pageToken', 'The previous page’s `nextPageToken`', { type: 'string' }),
        ],
        responses: { ...ok('A page of the open anomalies', 'Anomalies'), ...problems('InvalidInput') },
      },
    },
    '/v1/ledger/feeds/events': {
      get: {
        operationId: 'streamFeed',
        summary: 'The partner feed: every event the caller may see, as Server-Sent Events',
        description:
          'Each event the ledger applied, at a stable, gap-free position: `id:` is the position, `event:` the type, ' +
          '`data:` JSON with `position`, `eventId`, `type`, `occurredAt` and the `fact` (grams as decimal strings). ' +
          'Reconnect with `Last-Event-ID` (browsers do it by themselves) to resume after the last event received, ' +
          'nothing missed or repeated. A partner sees an event when it names one of its holders or touches a node it ' +
          'may read (see the read policy); the operator and auditors see every event. Events come once the ledger ' +
          'knows who may see them (after the refresher has worked off their nodes). Comment lines (`: heartbeat`) ' +
          'keep the stream alive; a subscriber that leaves too much unread is sent an `error` event naming where ' +
          'to resume and is disconnected. With `follow=false` the answer ends once the caller has caught up.',
        parameters: [
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            description: 'The position of the last event received; wins over `after`',
            schema: { type: 'string', pattern: '^\\d+$' },
          },
          query('after', 'Start after this position (0: from the beginning); default: new events only', {
            type: 'string',
            pattern: '^\\d+$',
          }),
          query(
            'latest',
            'Without a position: start with the newest this many events (1 to 1000) the caller may see among the ' +
              'last 20,000 positions, then follow; a reconnection with Last-Event-ID resumes instead',
            { type: 'string', pattern: '^\\d+$' },
          ),
          query('types', 'Only these event types, comma-separated (`ItemsSold,LotReceivedAtStore`)', {
            type: 'string',
          }),
          query('node', 'Only events touching this node', ref('Id')),
          query('municipality', 'Only events carrying grams collected in this municipality (CBS code)', {
            type: 'string',
            pattern: '^GM\\d{4}$',
          }),
          query('follow', 'false: end once caught up; default true', { type: 'string', enum: ['true', 'false'] }),
          query(
            'format',
            '`epcis`: each `data:` is the event as GS1 EPCIS 2.0 JSON-LD (an ObjectEvent or TransformationEvent with ' +
              'its @context; node and place URIs under the configured base; facts EPCIS has no event for are ' +
              'skipped); default `json`',
            { type: 'string', enum: ['json', 'epcis'] },
          ),
        ],
        responses: {
          '200': {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...problems('InvalidInput'),
        },
      },
    },
    '/v1/ledger/lag': {
      get: {
        operationId: 'getLag',
        summary: 'How far the ledger trails the event log',
        description:
          'For operators and dashboards: unapplied events per topic partition, and nodes whose derived figures wait for the refresher. Not cached.',
        responses: ok('The lag', 'Lag'),
      },
    },
    '/v1/ledger/rebuild': {
      post: {
        operationId: 'startRebuild',
        summary: 'Rebuild the projection from the event log',
        description:
          'Starts a rebuild in the background: the log is replayed into fresh tables while the live ledger keeps ' +
          'serving, the figures are computed there, and the tables are swapped in. Follow it with `GET`. 409 while a ' +
          'rebuild is running, in this process or another of the group (`elsewhere`, `holder`); 503 when the ledger does not run in its own database schema. Takes no body.',
        responses: {
          '202': {
            description: 'The rebuild started: its first status',
            headers: { Location: { schema: { type: 'string' }, description: '`/v1/ledger/rebuild`' } },
            content: json(ref('RebuildStatus')),
          },
          ...problems('Conflict', 'Unavailable'),
        },
      },
      get: {
        operationId: 'getRebuild',
        summary: 'Where the last rebuild stands',
        description:
          'Progress of the rebuild in hand, or the result of the last one (`idle` before any). Any process of the ' +
          'group answers for a rebuild another one runs (`elsewhere`, as that process last reported, at most a ' +
          'second old). Not cached.',
        responses: ok('The rebuild status', 'RebuildStatus'),
      },
    },
    ...partnerDeliveryPaths,
  },
  schemas: {
    ...partnerDeliverySchemas,
    GramsOrZero: nonNegativeGrams,
    Outcome: outcome,
    CustodyModel: {
      type: 'string',
      const: CUSTODY_MODEL,
      description:
        "ISO 22095 mass balance at run level: a run pools its inputs and every output gram has the pool's composition",
    },
    OutcomeGrams: {
      type: 'object',
      required: ['outcome', 'grams'],
      properties: { outcome: ref('Outcome'), grams: ref('GramsOrZero') },
    },
    Party: {
      type: 'object',
      required: ['kind', 'id'],
      properties: { kind: { type: 'string', enum: ['centre', 'store', 'processor'] }, id: ref('Id') },
    },
    Holder: {
      type: 'object',
      description:
        'Who has the grams: a container (`collection`: collected, not shipped yet), a centre, store or processor, or ' +
        '`in-transit`: `id` is the open delivery (shipment, dispatch or return id) and `to` the party it goes to.',
      required: ['kind', 'id'],
      properties: {
        kind: { type: 'string', enum: ['collection', 'centre', 'store', 'processor', 'in-transit'] },
        id: ref('Id'),
        to: { ...ref('Party'), description: 'In transit only: the receiving party' },
      },
    },
    TraceSource: {
      description: 'The traced source, as the query named it',
      oneOf: [
        { type: 'object', required: ['node'], additionalProperties: false, properties: { node: ref('Id') } },
        {
          type: 'object',
          required: ['container'],
          additionalProperties: false,
          properties: { container: ref('Id'), from: ref('Timestamp'), to: ref('Timestamp') },
        },
        {
          type: 'object',
          required: ['municipality'],
          additionalProperties: false,
          properties: { municipality: ref('Id'), from: ref('Timestamp'), to: ref('Timestamp') },
        },
      ],
    },
    StockLine: {
      type: 'object',
      description:
        "The traced source's share of the grams one holder has of one node (after runs a lot, not the source)",
      required: ['nodeId', 'holder', 'grams'],
      properties: { nodeId: ref('Id'), holder: ref('Holder'), grams: ref('Grams') },
    },
    ForwardTrace: {
      type: 'object',
      required: ['source', 'grams', 'custodyModel', 'outcomes', 'stock'],
      properties: {
        source: ref('TraceSource'),
        grams: {
          ...ref('GramsOrZero'),
          description: "The node's grams, or the grams collected from the container or municipality (in the period)",
        },
        custodyModel: ref('CustodyModel'),
        outcomes: {
          type: 'array',
          description:
            'Every known outcome (zeros included) and any other reached, in report order, `stock` last; adds up to `grams`',
          items: ref('OutcomeGrams'),
        },
        stock: {
          type: 'array',
          description: "Where the `stock` outcome's grams are, by node then holder; adds up to the `stock` outcome",
          items: ref('StockLine'),
        },
      },
    },
    Origin: {
      type: 'object',
      required: ['batchId', 'containerId', 'municipality', 'grams'],
      properties: {
        batchId: { ...ref('Id'), description: 'The origin batch, or a node the ledger cannot follow back yet' },
        containerId: { type: ['string', 'null'], description: 'null while the origin is not resolved' },
        municipality: { type: ['string', 'null'], description: 'CBS code; null while the origin is not resolved' },
        grams: ref('Grams'),
      },
    },
    MunicipalityGrams: {
      type: 'object',
      required: ['municipality', 'grams'],
      properties: {
        municipality: {
          type: ['string', 'null'],
          description: 'CBS code; null for grams not resolved yet (listed last)',
        },
        grams: ref('Grams'),
      },
    },
    BackwardTrace: {
      type: 'object',
      required: ['node', 'grams', 'custodyModel', 'origins', 'byMunicipality'],
      properties: {
        node: ref('Id'),
        grams: ref('Grams'),
        custodyModel: ref('CustodyModel'),
        origins: { type: 'array', description: 'By batch id; adds up to `grams`', items: ref('Origin') },
        byMunicipality: {
          type: 'array',
          description: 'The origins summed per municipality, by CBS code; adds up to `grams`',
          items: ref('MunicipalityGrams'),
        },
      },
    },
    NodeSummary: {
      type: 'object',
      description:
        "What the ledger knows the node is. `grams` and `createdAt` (collected, or the run's completion) are there " +
        'for every kind but `unknown`; batches add `containerId` and `municipality`, lots `runId`, `centreId` and ' +
        '`fraction`, products `runId`, `processorId`, `productKind` and `outcome`.',
      required: ['kind', 'nodeId'],
      properties: {
        kind: { type: 'string', enum: ['batch', 'lot', 'product', 'unknown'] },
        nodeId: ref('Id'),
        grams: { ...ref('Grams'), description: 'Grams at creation' },
        createdAt: ref('Timestamp'),
        containerId: ref('Id'),
        municipality: { type: 'string', description: 'CBS code', examples: ['GM0150'] },
        runId: ref('Id'),
        centreId: ref('Id'),
        processorId: ref('Id'),
        fraction: { type: 'string', description: 'The sorting grade, e.g. `reuse.creme`' },
        productKind: { type: 'string' },
        outcome: ref('Outcome'),
      },
    },
    HolderGrams: {
      type: 'object',
      required: ['holder', 'grams'],
      properties: { holder: ref('Holder'), grams: ref('Grams') },
    },
    HistoryEntry: {
      type: 'object',
      description: 'One event touching the node: what, when, where/who, and how many grams of this node',
      required: ['eventId', 'type', 'occurredAt', 'holder', 'grams', 'event'],
      properties: {
        eventId: { type: 'string', description: "The event's CloudEvents id" },
        type: {
          type: 'string',
          description: 'The event type, e.g. `LotDispatched`',
          examples: ['SortingRunCompleted'],
        },
        occurredAt: {
          ...ref('Timestamp'),
          description: 'The business time of the event (collectedAt, shippedAt, ...)',
        },
        recordedBy: {
          type: 'object',
          description:
            'Who recorded the fact: the partner and the credential its command came with (`key:<keyId>` or ' +
            '`jwt:<subject>`). Absent for facts recorded without authentication.',
          required: ['partnerId', 'credential'],
          properties: { partnerId: { type: 'string' }, credential: { type: 'string' } },
        },
        holder: {
          ...ref('Holder'),
          description:
            'The party that had or received the grams, or the delivery for an event that puts them in transit',
        },
        grams: {
          ...ref('GramsOrZero'),
          description: 'Grams of this node the event created, moved, received or consumed',
        },
        event: {
          type: 'object',
          description:
            "The event itself: its protobuf message's fields in camelCase (grams as integers, times as RFC 3339), " +
            'plus `type` and `eventId`',
          required: ['type', 'eventId'],
          properties: { type: { type: 'string' }, eventId: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
    NodeDescription: {
      type: 'object',
      required: ['node', 'holders', 'history'],
      properties: {
        node: ref('NodeSummary'),
        holders: {
          type: 'array',
          description:
            'Who holds grams of the node now (in-transit deliveries included), by holder; grams that reached an outcome are held by nobody',
          items: ref('HolderGrams'),
        },
        history: {
          type: 'array',
          description: 'Oldest first (business time, then event id): one page of it',
          items: ref('HistoryEntry'),
        },
        nextHistoryPageToken: { type: 'string', description: 'Where the next page starts; absent on the last page' },
      },
    },
    KpiScope: {
      description: 'Whose grams the figures count',
      oneOf: [
        { type: 'object', required: ['kind'], properties: { kind: { const: 'chain' } } },
        {
          type: 'object',
          required: ['kind', 'municipality'],
          properties: { kind: { const: 'municipality' }, municipality: ref('Id') },
        },
        { type: 'object', required: ['kind', 'centre'], properties: { kind: { const: 'centre' }, centre: ref('Id') } },
      ],
    },
    OutcomeEmission: {
      type: 'object',
      required: ['outcome', 'grams', 'kgCo2ePerKg', 'co2eGrams'],
      properties: {
        outcome: ref('Outcome'),
        grams: ref('GramsOrZero'),
        kgCo2ePerKg: {
          type: 'string',
          pattern: '^-?[0-9]{1,6}(\\.[0-9]{1,6})?$',
          description: 'The configured factor, kg CO2e per kg of textile, as an exact decimal; negative means avoided',
          examples: ['-3.4'],
        },
        co2eGrams: {
          type: 'integer',
          description: 'grams x factor in whole grams CO2e (half away from zero); negative means avoided',
        },
      },
    },
    Kpis: {
      type: 'object',
      required: [
        'from',
        'to',
        'scope',
        'collectedGrams',
        'outcomes',
        'reuseNetherlandsGrams',
        'reuseAbroadGrams',
        'emissions',
        'co2eGrams',
        'emissionFactors',
      ],
      properties: {
        from: ref('Timestamp'),
        to: ref('Timestamp'),
        scope: ref('KpiScope'),
        collectedGrams: {
          ...ref('GramsOrZero'),
          description: 'Collected in the period and scope: the base of every share',
        },
        outcomes: {
          type: 'array',
          description:
            'Every known outcome (zeros included) and any other reached, in report order; adds up to `collectedGrams`',
          items: ref('OutcomeGrams'),
        },
        reuseNetherlandsGrams: { ...ref('GramsOrZero'), description: '`reuse.sold` plus `reuse.donated`' },
        reuseAbroadGrams: { ...ref('GramsOrZero'), description: '`reuse.exported`' },
        emissions: {
          type: 'array',
          description: 'One line per outcome the factor table has a factor for',
          items: ref('OutcomeEmission'),
        },
        co2eGrams: { type: 'integer', description: 'Sum of the emissions; negative means avoided' },
        emissionFactors: {
          type: 'object',
          description: 'The factor table used',
          required: ['version', 'source'],
          properties: { version: { type: 'string', examples: ['2026-01'] }, source: { type: 'string' } },
        },
      },
    },
    UpvFigure: {
      type: 'object',
      required: ['indicator', 'grams'],
      properties: {
        indicator: { type: 'string', enum: [...UPV_INDICATORS] },
        grams: { ...ref('GramsOrZero'), description: "The chain's grams counting toward the indicator in the year" },
        baseGrams: {
          ...ref('GramsOrZero'),
          description:
            'Put on the market the year before, or for fibre-to-fibre the recycled grams; absent when not known',
        },
        actualPercent: {
          type: 'number',
          description: '100 x grams / baseGrams, two decimals; absent without a base (or a base of 0)',
        },
        targetPercent: { type: 'integer', description: 'The statutory minimum in force; absent before 2025' },
      },
    },
    UpvReport: {
      type: 'object',
      required: ['year', 'collectedGrams', 'figures', 'byMunicipality'],
      properties: {
        year: { type: 'integer', minimum: 2000, maximum: 9999 },
        placedOnMarketGrams: {
          ...ref('GramsOrZero'),
          description: 'Textile put on the Dutch market the year before; absent when not configured',
        },
        collectedGrams: ref('GramsOrZero'),
        figures: {
          type: 'array',
          description: "One per indicator, in the order of `indicator`'s enum",
          items: ref('UpvFigure'),
        },
        byMunicipality: {
          type: 'array',
          description:
            "The same indicators per municipality of collection, by code; each figure adds up over them to the chain's",
          items: {
            type: 'object',
            required: ['municipality', 'collectedGrams', 'figures'],
            properties: {
              municipality: { type: 'string', description: 'CBS code' },
              ...municipalityNameProperties,
              collectedGrams: ref('GramsOrZero'),
              figures: { type: 'array', items: ref('UpvFigure') },
            },
          },
        },
      },
    },
    Municipalities: {
      type: 'object',
      required: ['classificationYear', 'source', 'provinces', 'municipalities'],
      properties: {
        classificationYear: {
          type: 'integer',
          description: 'The CBS classification used, as of 1 January of this year',
        },
        source: { type: 'string' },
        provinces: { type: 'array', items: { type: 'string' } },
        municipalities: {
          type: 'array',
          items: {
            type: 'object',
            required: ['code', 'name', 'province'],
            properties: {
              code: { type: 'string', pattern: '^GM[0-9]{4}$', examples: ['GM0150'] },
              name: { type: 'string', examples: ['Deventer'] },
              province: { type: 'string', examples: ['Overijssel'] },
            },
          },
        },
      },
    },
    Anomaly: {
      type: 'object',
      required: ['kind', 'nodeId', 'grams', 'message', 'eventIds', 'detectedAt'],
      properties: {
        kind: {
          type: 'string',
          enum: [...ANOMALY_KINDS],
          description:
            '`imbalance`: more grams left a holder than came in, or a run whose inputs differ from its outputs plus ' +
            'loss; `consumed-before-received`: grams taken before the ledger saw them received; `unknown-node`: ' +
            'events refer to a node no event creates; `receipt-exceeds-delivery`: a receipt larger than its delivery, ' +
            'or closing none; `conflicting-facts`: a node created twice, a run making its own ancestor, or one event ' +
            'id with two bodies',
        },
        nodeId: { type: 'string', description: 'The node it concerns' },
        holder: ref('Holder'),
        grams: { ...ref('GramsOrZero'), description: 'Grams that do not reconcile' },
        message: { type: 'string', description: 'What is wrong, in words' },
        eventIds: { type: 'array', items: { type: 'string' }, description: 'The events involved, sorted' },
        detectedAt: { ...ref('Timestamp'), description: 'When the ledger first saw it' },
      },
    },
    Anomalies: {
      type: 'object',
      required: ['anomalies'],
      properties: {
        anomalies: { type: 'array', items: ref('Anomaly') },
        nextPageToken: { type: 'string', description: 'Where the next page starts; absent on the last page' },
      },
    },
    PartitionLag: {
      type: 'object',
      required: ['topic', 'partition', 'endOffset', 'eventsBehind'],
      properties: {
        topic: { type: 'string' },
        partition: { type: 'integer', minimum: 0 },
        position: {
          type: 'integer',
          minimum: 0,
          description: 'Offset of the last applied event; absent before the first',
        },
        endOffset: { type: 'integer', minimum: 0, description: 'The offset the next event of the partition will get' },
        eventsBehind: { type: 'integer', minimum: 0 },
        secondsBehind: {
          type: 'number',
          minimum: 0,
          description:
            '0 when caught up; otherwise the seconds since the last applied event was published (an upper bound on ' +
            'the age of the oldest unapplied one); absent when behind and that time is not known',
        },
      },
    },
    Lag: {
      type: 'object',
      required: ['eventsBehind', 'derivedPending', 'lookupsPending', 'batchesPending', 'topics', 'feed'],
      properties: {
        eventsBehind: { type: 'integer', minimum: 0, description: 'Unapplied events, all partitions together' },
        feed: {
          type: 'object',
          description: 'The partner feed streams this process serves',
          required: ['subscribers', 'slowDisconnects'],
          properties: {
            subscribers: { type: 'integer', minimum: 0, description: 'Streams open now' },
            slowDisconnects: {
              type: 'integer',
              minimum: 0,
              description: 'Streams cut off since start for leaving too much unread',
            },
          },
        },
        derivedPending: {
          type: 'integer',
          minimum: 0,
          description:
            'Nodes whose derived figures (container, municipality, KPI sums, anomalies) wait for the refresher',
        },
        lookupsPending: {
          type: 'integer',
          minimum: 0,
          description:
            "Of those, the nodes not looked up yet (the refresher's first step: marking the batches above them)",
        },
        batchesPending: {
          type: 'integer',
          minimum: 0,
          description:
            "Batches whose figures wait to be recomputed (the refresher's second step); after a large catch-up, " +
            'most of the time left',
        },
        topics: {
          type: 'array',
          description: 'One line per partition of every topic the ledger reads',
          items: ref('PartitionLag'),
        },
      },
    },
    Flows: {
      type: 'object',
      required: ['from', 'to', 'flows'],
      properties: {
        from: ref('Timestamp'),
        to: ref('Timestamp'),
        flows: {
          type: 'array',
          items: {
            type: 'object',
            required: ['municipality', 'outcome', 'grams'],
            properties: {
              municipality: { type: 'string', description: 'CBS code' },
              centreId: { type: 'string', description: 'The first sorting centre; absent while on the road' },
              fraction: {
                type: 'string',
                description:
                  'The grade of the lot the grams were first sorted into, e.g. `reuse.creme`; absent for grams not sorted (in stock or lost before sorting, or sorting loss)',
              },
              outcome: { type: 'string' },
              grams: { type: 'integer', minimum: 1 },
            },
          },
        },
      },
    },
    LocalForLocal: {
      type: 'object',
      required: ['from', 'to', 'region'],
      description: '`municipalities` when `region` is `municipality`, `provinces` when it is `province`',
      properties: {
        from: ref('Timestamp'),
        to: ref('Timestamp'),
        region: { type: 'string', enum: ['municipality', 'province'] },
        municipalities: {
          type: 'array',
          items: {
            type: 'object',
            required: ['municipality', ...localForLocalRequired],
            properties: {
              municipality: { type: 'string', description: 'CBS code' },
              ...municipalityNameProperties,
              ...localForLocalProperties('municipality'),
            },
          },
        },
        provinces: {
          type: 'array',
          items: {
            type: 'object',
            required: ['province', ...localForLocalRequired],
            properties: {
              province: {
                type: 'string',
                description:
                  'Province name as the CBS classification writes it; a code the list lacks stands as itself',
              },
              ...localForLocalProperties('province'),
            },
          },
        },
      },
    },
    RebuildStatus: {
      type: 'object',
      required: ['state', 'appliedEvents', 'totalEvents'],
      properties: {
        state: { type: 'string', enum: ['idle', 'running', 'done', 'failed'] },
        phase: {
          type: 'string',
          enum: ['replay', 'figures', 'swap'],
          description:
            'replay: reading the log into fresh tables; figures: computing per-batch figures; swap: switching tables',
        },
        appliedEvents: { type: 'integer', minimum: 0 },
        totalEvents: {
          type: 'integer',
          minimum: 0,
          description: "Events in the log when the rebuild started: the replay's target",
        },
        startedAt: ref('Timestamp'),
        finishedAt: ref('Timestamp'),
        figureNodesDone: {
          type: 'integer',
          minimum: 0,
          description: 'figures phase: nodes whose figures are computed',
        },
        figureNodesLookedUp: {
          type: 'integer',
          minimum: 0,
          description: 'figures phase: nodes looked up (books written, batches above them marked), which comes first',
        },
        figureNodesTotal: { type: 'integer', minimum: 0, description: 'figures phase: nodes to compute figures for' },
        figureBatchesDone: {
          type: 'integer',
          minimum: 0,
          description: 'figures phase: batch recomputations so far (a batch a later lookup marks again counts again)',
        },
        figureBatchesTotal: {
          type: 'integer',
          minimum: 0,
          description:
            'figures phase, once every node is looked up: the batch recomputations in all; the ETA is their rate ' +
            'from then, and once they are done the rate at which the node marks left are finished',
        },
        eventsPerSecond: { type: 'number', minimum: 0 },
        etaSeconds: {
          type: 'number',
          minimum: 0,
          description:
            'Estimated seconds until the phase in hand ends; in the figures phase, only once every node is looked up',
        },
        error: { type: 'string', description: 'Why the last rebuild failed' },
        holder: {
          type: 'string',
          description: 'The ledger process that runs or ran the rebuild (host:pid and a claim id)',
        },
        elsewhere: {
          type: 'boolean',
          description:
            'The rebuild runs or ran in another process of the group: its progress as that process last reported it',
        },
      },
    },
  },
});
