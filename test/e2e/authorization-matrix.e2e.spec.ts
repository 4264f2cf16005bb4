import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { DescService } from '@bufbuild/protobuf';
import {
  createApiKey,
  openAccessControl,
  type AccessControl,
  type AccessDirectory,
  type PartnerKind,
  type Scope,
} from '@vezel/access';
import { collectionService } from '@vezel/collection/module';
import {
  AccessService,
  CollectionService,
  ContainerChannel,
  DestinationKind,
  DisposalMethod,
  LedgerService,
  RecyclingService,
  RetailService,
  SortingService,
} from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { ledgerServiceWith } from '@vezel/ledger/module';
import { recyclingService } from '@vezel/recycling/module';
import { retailService } from '@vezel/retail/module';
import { createGrpcClient, type GrpcClient } from '@vezel/rpc';
import { sortingService } from '@vezel/sorting/module';
import { askReflection, createTestDatabase, eventually, reflectionClient, uniqueGroupId } from '@vezel/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/*
 * The authorization matrix, generated from one table: every endpoint the five services serve (read from their
 * OpenAPI documents and gRPC descriptors, so an endpoint without a row fails the test) x every kind of partner x
 * the holders it owns, another partner's and nobody's x a valid credential, none, a revoked one, an expired one and
 * one without the scope. Refusals are 401 / 403 problem+json (gRPC UNAUTHENTICATED / PERMISSION_DENIED) and write
 * nothing; what the policy allows goes through (a command records its fact: 201 / OK).
 */

type HolderKind = 'centre' | 'store' | 'processor' | 'municipality';
type Credential = 'valid' | 'none' | 'revoked' | 'expired' | 'wrong-scope';
const CREDENTIALS: readonly Credential[] = ['valid', 'none', 'revoked', 'expired', 'wrong-scope'];

/** Per holder kind: one holder of partner a, one of partner b, one nobody was given (so the operator's). */
const HOLDERS: Readonly<Record<HolderKind, { readonly a: string; readonly b: string; readonly free: string }>> = {
  centre: { a: 'C-A', b: 'C-B', free: 'C-FREE' },
  store: { a: 'S-A', b: 'S-B', free: 'S-FREE' },
  processor: { a: 'P-A', b: 'P-B', free: 'P-FREE' },
  municipality: { a: 'GM0363', b: 'GM0599', free: 'GM0014' },
};
const PARTNER_OF: Readonly<Record<string, { readonly a: string; readonly b: string; readonly kind: PartnerKind }>> = {
  centre: { a: 'centre-a', b: 'centre-b', kind: 'centre' },
  store: { a: 'store-a', b: 'store-b', kind: 'store' },
  processor: { a: 'processor-a', b: 'processor-b', kind: 'processor' },
  municipality: { a: 'GM0363', b: 'GM0599', kind: 'municipality' },
};

/** The principals of the matrix: one of every kind, the operator twice (its admin key and a record-only key). */
interface MatrixPrincipal {
  readonly name: string;
  readonly partnerId: string;
  readonly kind: PartnerKind;
  readonly scopes: readonly Scope[];
}
const PRINCIPALS: readonly MatrixPrincipal[] = [
  { name: 'operator admin', partnerId: 'operator', kind: 'operator', scopes: ['admin'] },
  { name: 'operator recorder', partnerId: 'operator', kind: 'operator', scopes: ['read', 'record'] },
  { name: 'sorting centre', partnerId: 'centre-a', kind: 'centre', scopes: ['read', 'record'] },
  { name: 'store', partnerId: 'store-a', kind: 'store', scopes: ['read', 'record'] },
  { name: 'processor', partnerId: 'processor-a', kind: 'processor', scopes: ['read', 'record'] },
  { name: 'municipality', partnerId: 'GM0363', kind: 'municipality', scopes: ['read', 'record'] },
  { name: 'exporter', partnerId: 'exporter-a', kind: 'exporter', scopes: ['read', 'record'] },
  { name: 'auditor', partnerId: 'auditor-a', kind: 'auditor', scopes: ['read'] },
];

const at = new Date('2026-06-01T10:00:00Z');
const when = timestampFromDate(at);
const iso = at.toISOString();

/** A command row: a valid request that records for `holder`, with fresh ids from `n`. */
interface CommandRow {
  readonly kind: 'command';
  readonly holderKind: HolderKind;
  readonly http: (holder: string, n: string) => { readonly path: string; readonly body: unknown };
  readonly grpc: readonly [service: string, method: string, request: (holder: string, n: string) => object];
}
/** A read row: a request that answers when the caller may read (`read`) or administer (`admin`). */
interface ReadRow {
  readonly kind: 'read';
  readonly scope: Scope;
  readonly http?: string;
  /** The body of a POST, with fresh ids from `n`. */
  readonly body?: (n: string) => unknown;
  readonly grpc?: readonly [service: string, method: string, request: object];
  /**
   * A ledger read: the partners besides the operator and auditors that may read it (what they own reaches it);
   * absent: every partner with the scope.
   */
  readonly readers?: readonly string[];
}

const dispatchTo = { kind: 'store', id: 'S-A' };
/** Every endpoint, keyed `METHOD /path/template` for HTTP and `Service/method` for gRPC. */
const COMMANDS: Readonly<Record<string, CommandRow>> = {
  'POST /v1/collection/containers': {
    kind: 'command',
    holderKind: 'municipality',
    http: (municipality, n) => ({
      path: '/v1/collection/containers',
      body: { containerId: `CONT-${n}`, municipality, channel: 'street-container' },
    }),
    grpc: [
      'collection',
      'registerContainer',
      (municipality, n) => ({ containerId: `CONT-${n}`, municipality, channel: ContainerChannel.STREET_CONTAINER }),
    ],
  },
  'POST /v1/collection/batches': {
    kind: 'command',
    holderKind: 'municipality',
    http: (municipality, n) => ({
      path: '/v1/collection/batches',
      body: { batchId: `B-${n}`, containerId: `CONT-${municipality}`, grams: 1_000, collectedAt: iso },
    }),
    grpc: [
      'collection',
      'collectBatch',
      (municipality, n) => ({
        batchId: `B-${n}`,
        containerId: `CONT-${municipality}`,
        grams: 1_000n,
        collectedAt: when,
      }),
    ],
  },
  'POST /v1/collection/batches/{batchId}/shipments': {
    kind: 'command',
    holderKind: 'municipality',
    http: (municipality, n) => ({
      path: `/v1/collection/batches/B-${municipality}/shipments`,
      body: { shipmentId: `SH-${n}`, centreId: 'C-A', grams: 1, shippedAt: iso },
    }),
    grpc: [
      'collection',
      'shipBatch',
      (municipality, n) => ({
        batchId: `B-${municipality}`,
        shipmentId: `SH-${n}`,
        centreId: 'C-A',
        grams: 1n,
        shippedAt: when,
      }),
    ],
  },
  'POST /v1/sorting/receipts': {
    kind: 'command',
    holderKind: 'centre',
    http: (centreId, n) => ({
      path: '/v1/sorting/receipts',
      body: { receiptId: `R-${n}`, nodeId: `N-${n}`, centreId, grams: 1, receivedAt: iso },
    }),
    grpc: [
      'sorting',
      'receiveNodeAtCentre',
      (centreId, n) => ({ receiptId: `R-${n}`, nodeId: `N-${n}`, centreId, grams: 1n, receivedAt: when }),
    ],
  },
  'POST /v1/sorting/runs': {
    kind: 'command',
    holderKind: 'centre',
    http: (centreId, n) => ({
      path: '/v1/sorting/runs',
      body: {
        runId: `RUN-${n}`,
        centreId,
        inputs: [{ nodeId: `N-${centreId}`, grams: 1 }],
        outputs: [{ lotId: `LOT-${n}`, fraction: 'reuse.creme', grams: 1 }],
        lossGrams: 0,
        completedAt: iso,
      },
    }),
    grpc: [
      'sorting',
      'completeSortingRun',
      (centreId, n) => ({
        runId: `RUN-${n}`,
        centreId,
        inputs: [{ nodeId: `N-${centreId}`, grams: 1n }],
        outputs: [{ lotId: `LOT-${n}`, fraction: 'reuse.creme', grams: 1n }],
        lossGrams: 0n,
        completedAt: when,
      }),
    ],
  },
  'POST /v1/sorting/lots/{lotId}/dispatches': {
    kind: 'command',
    holderKind: 'centre',
    http: (centreId, n) => ({
      path: `/v1/sorting/lots/LOT-${centreId}/dispatches`,
      body: { dispatchId: `D-${n}`, grams: 1, destination: dispatchTo, dispatchedAt: iso },
    }),
    grpc: [
      'sorting',
      'dispatchLot',
      (centreId, n) => ({
        lotId: `LOT-${centreId}`,
        dispatchId: `D-${n}`,
        grams: 1n,
        destination: { kind: DestinationKind.STORE, id: 'S-A' },
        dispatchedAt: when,
      }),
    ],
  },
  'POST /v1/retail/receipts': {
    kind: 'command',
    holderKind: 'store',
    http: (storeId, n) => ({
      path: '/v1/retail/receipts',
      body: { receiptId: `R-${n}`, lotId: `L-${n}`, storeId, grams: 1, receivedAt: iso },
    }),
    grpc: [
      'retail',
      'receiveLotAtStore',
      (storeId, n) => ({ receiptId: `R-${n}`, lotId: `L-${n}`, storeId, grams: 1n, receivedAt: when }),
    ],
  },
  'POST /v1/retail/sales': {
    kind: 'command',
    holderKind: 'store',
    http: (storeId, n) => ({
      path: '/v1/retail/sales',
      body: { saleId: `SALE-${n}`, storeId, lotId: `L-${storeId}`, grams: 1, items: 1, soldAt: iso },
    }),
    grpc: [
      'retail',
      'sellItems',
      (storeId, n) => ({ saleId: `SALE-${n}`, storeId, lotId: `L-${storeId}`, grams: 1n, items: 1, soldAt: when }),
    ],
  },
  'POST /v1/retail/donations': {
    kind: 'command',
    holderKind: 'store',
    http: (storeId, n) => ({
      path: '/v1/retail/donations',
      body: { donationId: `DON-${n}`, storeId, lotId: `L-${storeId}`, grams: 1, programme: 'winter', donatedAt: iso },
    }),
    grpc: [
      'retail',
      'donateItems',
      (storeId, n) => ({
        donationId: `DON-${n}`,
        storeId,
        lotId: `L-${storeId}`,
        grams: 1n,
        programme: 'winter',
        donatedAt: when,
      }),
    ],
  },
  'POST /v1/retail/returns': {
    kind: 'command',
    holderKind: 'store',
    http: (storeId, n) => ({
      path: '/v1/retail/returns',
      body: {
        returnId: `RET-${n}`,
        storeId,
        lotId: `L-${storeId}`,
        grams: 1,
        destination: { kind: 'centre', id: 'C-A' },
        returnedAt: iso,
      },
    }),
    grpc: [
      'retail',
      'returnLot',
      (storeId, n) => ({
        returnId: `RET-${n}`,
        storeId,
        lotId: `L-${storeId}`,
        grams: 1n,
        destination: { kind: DestinationKind.CENTRE, id: 'C-A' },
        returnedAt: when,
      }),
    ],
  },
  'POST /v1/recycling/receipts': {
    kind: 'command',
    holderKind: 'processor',
    http: (processorId, n) => ({
      path: '/v1/recycling/receipts',
      body: { receiptId: `R-${n}`, lotId: `L-${n}`, processorId, grams: 1, receivedAt: iso },
    }),
    grpc: [
      'recycling',
      'receiveLotAtProcessor',
      (processorId, n) => ({ receiptId: `R-${n}`, lotId: `L-${n}`, processorId, grams: 1n, receivedAt: when }),
    ],
  },
  'POST /v1/recycling/runs': {
    kind: 'command',
    holderKind: 'processor',
    http: (processorId, n) => ({
      path: '/v1/recycling/runs',
      body: {
        runId: `RUN-${n}`,
        processorId,
        inputs: [{ nodeId: `L-${processorId}`, grams: 1 }],
        outputs: [{ productId: `PROD-${n}`, outcome: 'recycling.open-loop', productKind: 'fibre', grams: 1 }],
        lossGrams: 0,
        completedAt: iso,
      },
    }),
    grpc: [
      'recycling',
      'completeProcessingRun',
      (processorId, n) => ({
        runId: `RUN-${n}`,
        processorId,
        inputs: [{ nodeId: `L-${processorId}`, grams: 1n }],
        outputs: [{ productId: `PROD-${n}`, outcome: 'recycling.open-loop', productKind: 'fibre', grams: 1n }],
        lossGrams: 0n,
        completedAt: when,
      }),
    ],
  },
  'POST /v1/recycling/disposals': {
    kind: 'command',
    holderKind: 'processor',
    http: (processorId, n) => ({
      path: '/v1/recycling/disposals',
      body: {
        disposalId: `DISP-${n}`,
        processorId,
        nodeId: `L-${processorId}`,
        grams: 1,
        method: 'incineration',
        disposedAt: iso,
      },
    }),
    grpc: [
      'recycling',
      'disposeNode',
      (processorId, n) => ({
        disposalId: `DISP-${n}`,
        processorId,
        nodeId: `L-${processorId}`,
        grams: 1n,
        method: DisposalMethod.INCINERATION,
        disposedAt: when,
      }),
    ],
  },
};

const read = (
  http: string | undefined,
  grpc?: ReadRow['grpc'],
  scope: Scope = 'read',
  readers?: readonly string[],
): ReadRow => ({
  kind: 'read',
  scope,
  ...(http === undefined ? {} : { http }),
  ...(grpc === undefined ? {} : { grpc }),
  ...(readers === undefined ? {} : { readers }),
});
/** A ledger read only the operator, auditors and `readers` may make. */
const ledgerRead = (http: string | undefined, grpc: ReadRow['grpc'], readers: readonly string[]): ReadRow =>
  read(http, grpc, 'read', readers);
const READS: Readonly<Record<string, ReadRow>> = {
  'GET /v1/collection/containers/{containerId}': read('/v1/collection/containers/CONT-GM0363', [
    'collection',
    'getContainer',
    { containerId: 'CONT-GM0363' },
  ]),
  'GET /v1/collection/batches/{batchId}': read('/v1/collection/batches/B-GM0363', [
    'collection',
    'getBatch',
    { batchId: 'B-GM0363' },
  ]),
  'GET /v1/sorting/receipts/{receiptId}': read('/v1/sorting/receipts/R-SETUP-C-A', [
    'sorting',
    'getCentreReceipt',
    { receiptId: 'R-SETUP-C-A' },
  ]),
  'GET /v1/sorting/runs/{runId}': read('/v1/sorting/runs/RUN-SETUP-C-A', [
    'sorting',
    'getSortingRun',
    { runId: 'RUN-SETUP-C-A' },
  ]),
  'GET /v1/sorting/lots/{lotId}': read('/v1/sorting/lots/LOT-C-A', ['sorting', 'getLot', { lotId: 'LOT-C-A' }]),
  'GET /v1/sorting/centres/{centreId}/stock': read('/v1/sorting/centres/C-A/stock', [
    'sorting',
    'getCentreStock',
    { centreId: 'C-A' },
  ]),
  'GET /v1/retail/receipts/{receiptId}': read('/v1/retail/receipts/R-SETUP-S-A', [
    'retail',
    'getStoreReceipt',
    { receiptId: 'R-SETUP-S-A' },
  ]),
  'GET /v1/retail/sales/{saleId}': read('/v1/retail/sales/SALE-SETUP', ['retail', 'getSale', { saleId: 'SALE-SETUP' }]),
  'GET /v1/retail/donations/{donationId}': read('/v1/retail/donations/DON-SETUP', [
    'retail',
    'getDonation',
    { donationId: 'DON-SETUP' },
  ]),
  'GET /v1/retail/returns/{returnId}': read('/v1/retail/returns/RET-SETUP', [
    'retail',
    'getReturn',
    { returnId: 'RET-SETUP' },
  ]),
  'GET /v1/retail/stores/{storeId}/stock': read('/v1/retail/stores/S-A/stock', [
    'retail',
    'getStoreStock',
    { storeId: 'S-A' },
  ]),
  'GET /v1/recycling/receipts/{receiptId}': read('/v1/recycling/receipts/R-SETUP-P-A', [
    'recycling',
    'getProcessorReceipt',
    { receiptId: 'R-SETUP-P-A' },
  ]),
  'GET /v1/recycling/runs/{runId}': read('/v1/recycling/runs/RUN-SETUP', [
    'recycling',
    'getProcessingRun',
    { runId: 'RUN-SETUP' },
  ]),
  'GET /v1/recycling/products/{productId}': read('/v1/recycling/products/PROD-SETUP'),
  'GET /v1/recycling/disposals/{disposalId}': read('/v1/recycling/disposals/DISP-SETUP', [
    'recycling',
    'getDisposal',
    { disposalId: 'DISP-SETUP' },
  ]),
  'GET /v1/recycling/processors/{processorId}/stock': read('/v1/recycling/processors/P-A/stock', [
    'recycling',
    'getProcessorStock',
    { processorId: 'P-A' },
  ]),
  // The ledger reads through what a partner owns: GM0363's grams for its municipality; C-A's lot for its centre and
  // for store S-A, which the dispatch commands below send part of it to.
  'GET /v1/ledger/trace/forward': ledgerRead(
    '/v1/ledger/trace/forward?municipality=GM0363&from=2026-01-01&to=2026-12-31',
    ['ledger', 'traceForward', { source: { kind: { case: 'municipality', value: 'GM0363' } } }],
    ['GM0363'],
  ),
  'GET /v1/ledger/trace/backward': ledgerRead(
    '/v1/ledger/trace/backward?node=LOT-C-A',
    ['ledger', 'traceBackward', { nodeId: 'LOT-C-A' }],
    ['centre-a', 'store-a'],
  ),
  'GET /v1/ledger/nodes/{nodeId}': ledgerRead(
    '/v1/ledger/nodes/LOT-C-A',
    ['ledger', 'getNode', { nodeId: 'LOT-C-A' }],
    ['centre-a', 'store-a'],
  ),
  // The chain as a whole: the operator's and the auditors'.
  'GET /v1/ledger/kpis': ledgerRead(
    '/v1/ledger/kpis?from=2026-01-01&to=2026-12-31',
    ['ledger', 'getKpis', { from: timestampFromDate(new Date('2026-01-01T00:00:00Z')), to: when }],
    [],
  ),
  'GET /v1/ledger/flows': ledgerRead('/v1/ledger/flows?from=2026-01-01&to=2026-12-31', undefined, []),
  'GET /v1/ledger/local-for-local': ledgerRead(
    '/v1/ledger/local-for-local?from=2026-01-01&to=2026-12-31',
    undefined,
    [],
  ),
  'GET /v1/ledger/reports/upv': ledgerRead(
    '/v1/ledger/reports/upv?year=2026',
    ['ledger', 'getUpvReport', { year: 2026 }],
    [],
  ),
  'GET /v1/ledger/lag': ledgerRead('/v1/ledger/lag', ['ledger', 'getLag', {}], []),
  // Reference data, and anomalies and the feed filtered to what the caller may see: every reader.
  'GET /v1/ledger/municipalities': read('/v1/ledger/municipalities'),
  'GET /v1/ledger/anomalies': read('/v1/ledger/anomalies', ['ledger', 'listAnomalies', {}]),
  // The partner feed, filtered to what the caller may see (a poll: it ends once caught up).
  'GET /v1/ledger/feeds/events': read('/v1/ledger/feeds/events?after=0&follow=false', [
    'ledger',
    'streamFeed',
    { afterPosition: 0n, poll: true },
  ]),
  'GET /v1/ledger/rebuild': read('/v1/ledger/rebuild', undefined, 'admin'),
  // Webhooks and EPCIS subscriptions: subscribing is reading, so every partner with `read` may; each manages its
  // own (another's webhook is not found). The receiver is a closed loopback port: nothing leaves the machine.
  'POST /v1/ledger/webhooks': {
    ...read('/v1/ledger/webhooks'),
    body: () => ({ url: 'http://127.0.0.1:9/hooks', node: 'NO-SUCH-NODE' }),
  },
  'GET /v1/ledger/webhooks': read('/v1/ledger/webhooks'),
  'GET /v1/ledger/webhooks/{id}': read('/v1/ledger/webhooks/wh_matrix'),
  'DELETE /v1/ledger/webhooks/{id}': read('/v1/ledger/webhooks/wh_matrix'),
  'POST /v1/ledger/webhooks/{id}/enable': read('/v1/ledger/webhooks/wh_matrix/enable'),
  'POST /v1/ledger/webhooks/{id}/disable': read('/v1/ledger/webhooks/wh_matrix/disable'),
  'POST /v1/ledger/webhooks/{id}/secret/rotate': read('/v1/ledger/webhooks/wh_matrix/secret/rotate'),
  'POST /v1/ledger/webhooks/{id}/replay': {
    ...read('/v1/ledger/webhooks/wh_matrix/replay'),
    body: () => ({ after: '0' }),
  },
  'GET /v1/ledger/webhooks/{id}/deliveries': read('/v1/ledger/webhooks/wh_matrix/deliveries'),
  'GET /v1/epcis/events': read('/v1/epcis/events?perPage=5'),
  'POST /v1/epcis/queries': {
    ...read('/v1/epcis/queries'),
    body: (n) => ({ name: `q-${n}`, query: { EQ_bizStep: 'shipping' } }),
  },
  'GET /v1/epcis/queries': read('/v1/epcis/queries'),
  'GET /v1/epcis/queries/{name}': read('/v1/epcis/queries/SimpleEventQuery'),
  'DELETE /v1/epcis/queries/{name}': read('/v1/epcis/queries/no-such-query'),
  'GET /v1/epcis/queries/{name}/events': read('/v1/epcis/queries/SimpleEventQuery/events?perPage=5'),
  'POST /v1/epcis/queries/{name}/subscriptions': {
    ...read('/v1/epcis/queries/SimpleEventQuery/subscriptions'),
    body: () => ({ dest: 'http://127.0.0.1:9/epcis', stream: true }),
  },
  'GET /v1/epcis/queries/{name}/subscriptions': read('/v1/epcis/queries/SimpleEventQuery/subscriptions'),
  'GET /v1/epcis/queries/{name}/subscriptions/{id}': read('/v1/epcis/queries/SimpleEventQuery/subscriptions/sub_x'),
  'DELETE /v1/epcis/queries/{name}/subscriptions/{id}': read('/v1/epcis/queries/SimpleEventQuery/subscriptions/sub_x'),
  // Administration of who may call: the operator's admin key only.
  'GET /v1/access/partners': read('/v1/access/partners', ['access', 'listPartners', {}], 'admin'),
  'POST /v1/access/partners': {
    ...read(
      '/v1/access/partners',
      ['access', 'savePartner', { partner: { partnerId: 'partner-grpc', kind: 'store', name: 'Store' } }],
      'admin',
    ),
    body: (n) => ({ partnerId: `partner-${n}`, kind: 'store', name: `Store ${n}` }),
  },
  'POST /v1/access/partners/{partnerId}/holders': {
    ...read(
      '/v1/access/partners/store-a/holders',
      ['access', 'assignHolder', { partnerId: 'store-a', holder: { kind: 'store', id: 'S-NEW-GRPC' } }],
      'admin',
    ),
    body: (n) => ({ kind: 'store', id: `S-NEW-${n}` }),
  },
  'GET /v1/access/keys': read('/v1/access/keys?partnerId=store-a', ['access', 'listApiKeys', {}], 'admin'),
  'POST /v1/access/keys': {
    ...read('/v1/access/keys', ['access', 'createApiKey', { partnerId: 'store-a', scope: 'read' }], 'admin'),
    body: () => ({ partnerId: 'store-a', scope: 'read', label: 'matrix' }),
  },
  'POST /v1/access/keys/{keyId}/revoke': read(
    '/v1/access/keys/KEY-TO-REVOKE/revoke',
    ['access', 'revokeApiKey', { keyId: 'KEY-TO-REVOKE' }],
    'admin',
  ),
  // Dropping and refilling the ledger is the operator's: last, so it runs once the reads are done.
  'POST /v1/ledger/rebuild': read('/v1/ledger/rebuild', undefined, 'admin'),
};

const SERVICES: Readonly<Record<string, DescService>> = {
  collection: CollectionService,
  sorting: SortingService,
  retail: RetailService,
  recycling: RecyclingService,
  ledger: LedgerService,
  access: AccessService,
};

let chain: RunningChain;
let accessDb: Db;
let directory: AccessDirectory;
let adminKey: string;
const clients: Record<string, GrpcClient<DescService>> = {};
/** The principals' tokens by credential state; `none` is no token. */
const tokens = new Map<string, Partial<Record<Credential, string>>>();

beforeAll(async () => {
  accessDb = createPgDb({ connectionString: await createTestDatabase('authorization-matrix'), schema: 'access' });
  const opened = await openAccessControl(accessDb, { mode: 'enabled', schema: 'access', bearerTokens: undefined });
  directory = opened.directory;
  const access: AccessControl = opened.control;
  await directory.savePartner({ partnerId: 'operator', kind: 'operator', name: 'Operator' });
  for (const [holderKind, partners] of Object.entries(PARTNER_OF)) {
    for (const side of ['a', 'b'] as const) {
      await directory.savePartner({ partnerId: partners[side], kind: partners.kind, name: partners[side] });
      await directory.assignHolder(partners[side], {
        kind: holderKind as HolderKind,
        id: HOLDERS[holderKind as HolderKind][side],
      });
    }
  }
  await directory.savePartner({ partnerId: 'exporter-a', kind: 'exporter', name: 'Exporter' });
  await directory.savePartner({ partnerId: 'auditor-a', kind: 'auditor', name: 'Auditor' });
  adminKey = (await createApiKey(directory, { partnerId: 'operator', scopes: ['admin'] })).token;
  await directory.saveApiKey({
    keyId: 'KEY-TO-REVOKE',
    partnerId: 'store-a',
    secretSha256: '0'.repeat(64),
    scopes: ['read'],
    label: 'revoked by the matrix',
    createdAt: new Date(),
    expiresAt: undefined,
    revokedAt: undefined,
  });
  for (const principal of PRINCIPALS) {
    const make = async (scopes: readonly Scope[], extra: { expiresAt?: Date } = {}) =>
      createApiKey(directory, { partnerId: principal.partnerId, scopes, ...extra });
    const valid = await make(principal.scopes);
    const revoked = await make(principal.scopes);
    await directory.revokeApiKey(revoked.keyId, new Date());
    const expired = await make(principal.scopes, { expiresAt: new Date(Date.now() - 60_000) });
    // For commands the missing scope is `record`; for reads it is `read`: a key with only the other one.
    tokens.set(principal.name, { valid: valid.token, revoked: revoked.token, expired: expired.token });
    tokens.set(`${principal.name}/read-only`, { 'wrong-scope': (await make(['read'])).token });
    tokens.set(`${principal.name}/record-only`, { 'wrong-scope': (await make(['record'])).token });
  }

  const producers = await startChain([collectionService, sortingService, retailService, recyclingService], { access });
  const ledger = await startChain(
    [
      ledgerServiceWith({
        topics: Object.values(producers.services).map((service) => service.topic),
        // A consumer group of its own, apart from the ledgers other test files run at the same time.
        groupId: uniqueGroupId('authorization-matrix'),
        webhooks: { rules: { allowLoopbackHttp: true, allowedNetworks: [] } },
      }),
    ],
    { access },
  );
  chain = {
    ...producers,
    services: { ...producers.services, ...ledger.services },
    async stop() {
      await ledger.stop();
      await producers.stop();
    },
  };
  for (const [name, service] of Object.entries(SERVICES)) {
    // The ledger, the operator's console, serves the access administration too.
    clients[name] = createGrpcClient(service, chain.services[name === 'access' ? 'ledger' : name]!.grpcAddress);
  }
  await setUpHolders();
  // The ledger reads are checked against what it derived from these facts: wait until it has them.
  await eventually(
    async () => ((await httpCall('GET', '/v1/ledger/nodes/LOT-C-A', adminKey)).status === 200 ? true : undefined),
    { description: 'the ledger has the set-up facts', timeoutMs: 60_000 },
  );
}, 180_000);

afterAll(async () => {
  for (const client of Object.values(clients)) client.close();
  await chain?.stop();
  await accessDb?.close();
});

/** What every allowed command needs: containers and batches, held nodes and lots, at every holder. */
async function setUpHolders(): Promise<void> {
  const admin = async (path: string, body: unknown) => {
    const response = await httpCall('POST', path, adminKey, body);
    expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(201);
  };
  for (const municipality of Object.values(HOLDERS.municipality)) {
    const containerId = `CONT-${municipality}`;
    await admin('/v1/collection/containers', { containerId, municipality, channel: 'street-container' });
    await admin('/v1/collection/batches', {
      batchId: `B-${municipality}`,
      containerId,
      grams: 1_000_000,
      collectedAt: iso,
    });
  }
  for (const centreId of Object.values(HOLDERS.centre)) {
    const nodeId = `N-${centreId}`;
    await admin('/v1/sorting/receipts', {
      receiptId: `R-SETUP-${centreId}`,
      nodeId,
      centreId,
      grams: 1_000_000,
      receivedAt: iso,
    });
    await admin('/v1/sorting/runs', {
      runId: `RUN-SETUP-${centreId}`,
      centreId,
      inputs: [{ nodeId, grams: 500_000 }],
      outputs: [{ lotId: `LOT-${centreId}`, fraction: 'reuse.creme', grams: 500_000 }],
      lossGrams: 0,
      completedAt: iso,
    });
  }
  for (const storeId of Object.values(HOLDERS.store)) {
    await admin('/v1/retail/receipts', {
      receiptId: `R-SETUP-${storeId}`,
      lotId: `L-${storeId}`,
      storeId,
      grams: 1_000_000,
      receivedAt: iso,
    });
  }
  const facts = { storeId: 'S-A', lotId: 'L-S-A', grams: 1 };
  await admin('/v1/retail/sales', { ...facts, saleId: 'SALE-SETUP', items: 1, soldAt: iso });
  await admin('/v1/retail/donations', { ...facts, donationId: 'DON-SETUP', programme: 'winter', donatedAt: iso });
  await admin('/v1/retail/returns', {
    ...facts,
    returnId: 'RET-SETUP',
    destination: { kind: 'centre', id: 'C-A' },
    returnedAt: iso,
  });
  for (const processorId of Object.values(HOLDERS.processor)) {
    await admin('/v1/recycling/receipts', {
      receiptId: `R-SETUP-${processorId}`,
      lotId: `L-${processorId}`,
      processorId,
      grams: 1_000_000,
      receivedAt: iso,
    });
  }
  await admin('/v1/recycling/runs', {
    runId: 'RUN-SETUP',
    processorId: 'P-A',
    inputs: [{ nodeId: 'L-P-A', grams: 10 }],
    outputs: [{ productId: 'PROD-SETUP', outcome: 'upcycling', productKind: 'bag', grams: 10 }],
    lossGrams: 0,
    completedAt: iso,
  });
  await admin('/v1/recycling/disposals', {
    disposalId: 'DISP-SETUP',
    processorId: 'P-A',
    nodeId: 'L-P-A',
    grams: 1,
    method: 'incineration',
    disposedAt: iso,
  });
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
}

/** The service a path is served by: the ledger, the operator's console, also serves access and EPCIS. */
function serviceServing(path: string): string {
  const segment = path.split('/')[2]!;
  return segment === 'access' || segment === 'epcis' ? 'ledger' : segment;
}

async function httpCall(method: string, path: string, token: string | undefined, body?: unknown): Promise<Answer> {
  const response = await fetch(`${chain.services[serviceServing(path)]!.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '' };
}

/** The gRPC status code of a call: 0 when it succeeded. */
async function grpcCall(service: string, method: string, request: object, token: string | undefined): Promise<number> {
  const call = (clients[service] as unknown as Record<string, (r: object, o: object) => unknown>)[method]!;
  try {
    const answer = call(request, token === undefined ? {} : { metadata: { authorization: `Bearer ${token}` } });
    // A server-streaming method answers with a lazy stream: the call happens as it is read, to its end.
    if (typeof answer === 'object' && answer !== null && Symbol.asyncIterator in answer) {
      for await (const message of answer as AsyncIterable<unknown>) void message;
    } else {
      await answer;
    }
    return 0;
  } catch (error) {
    // A failure that is not a gRPC status (a request the client could not encode) must not pass for an answer.
    const { code } = error as { code?: unknown };
    return typeof code === 'number' ? code : -1;
  }
}

function tokenFor(principal: MatrixPrincipal, credential: Credential, missingScope: Scope): string | undefined {
  if (credential === 'none') return undefined;
  if (credential === 'wrong-scope') {
    return tokens.get(`${principal.name}/${missingScope === 'record' ? 'read-only' : 'record-only'}`)?.[credential];
  }
  return tokens.get(principal.name)?.[credential];
}

/**
 * The policy, stated independently of the code under test: what each case must answer. `owner` is the partner the
 * target holder was given to, `nobody` for a holder nobody was given, and undefined for a read (no holder).
 */
function expected(
  principal: MatrixPrincipal,
  credential: Credential,
  needs: Scope,
  owner: string | undefined,
): 'allowed' | 401 | 403 {
  if (credential === 'none' || credential === 'revoked' || credential === 'expired') return 401;
  // The wrong-scope key holds only the other scope (read for a command, record for a read), never admin.
  if (credential === 'wrong-scope') return 403;
  const admin = principal.scopes.includes('admin');
  if (!admin && !principal.scopes.includes(needs)) return 403;
  if (needs === 'admin') return admin && principal.kind === 'operator' ? 'allowed' : 403;
  if (owner === undefined) return 'allowed';
  if (principal.kind === 'operator' && admin) return 'allowed';
  if (owner === principal.partnerId) return 'allowed';
  if (owner === 'nobody' && principal.kind === 'operator') return 'allowed';
  return 403;
}

/** Reads of what belongs to a holder: the operator and auditors read everything, others what their holders hold. */
function expectedRead(principal: MatrixPrincipal, credential: Credential, owner: string): 'allowed' | 401 | 403 {
  const byScope = expected(principal, credential, 'read', undefined);
  if (byScope !== 'allowed') return byScope;
  return principal.kind === 'operator' || principal.kind === 'auditor' || principal.partnerId === owner
    ? 'allowed'
    : 403;
}

/** Ledger reads: the operator and auditors read everything, `readers` what they own reaches, nobody else. */
function expectedLedgerRead(
  principal: MatrixPrincipal,
  credential: Credential,
  readers: readonly string[],
): 'allowed' | 401 | 403 {
  const byScope = expected(principal, credential, 'read', undefined);
  if (byScope !== 'allowed') return byScope;
  return principal.kind === 'operator' || principal.kind === 'auditor' || readers.includes(principal.partnerId)
    ? 'allowed'
    : 403;
}

/** The kind of holder a chain service's facts belong to. */
const HOLDER_KIND_OF: Readonly<Record<string, HolderKind>> = {
  collection: 'municipality',
  sorting: 'centre',
  retail: 'store',
  recycling: 'processor',
};

const GRPC_FOR = { 401: 16, 403: 7 } as const;

async function outboxRows(): Promise<number> {
  let total = 0;
  for (const name of ['collection', 'sorting', 'retail', 'recycling']) {
    const db = createPgDb({ connectionString: chain.databaseUrls[name]!, schema: name, maxConnections: 1 });
    try {
      const { rows } = await db.query<{ count: string }>('select count(*)::text as count from outbox');
      total += Number(rows[0]!.count);
    } finally {
      await db.close();
    }
  }
  return total;
}

describe('the authorization matrix', () => {
  it('checks a path however it is written: express matches paths in any letter case, so does the check', async () => {
    const reader = tokenFor(PRINCIPALS[2]!, 'valid', 'read');
    for (const [service, method, path] of [
      ['ledger', 'POST', '/V1/LEDGER/rebuild'],
      ['ledger', 'POST', '/v1/Ledger/Rebuild'],
      ['ledger', 'GET', '/V1/ledger/lag'],
      ['ledger', 'GET', '/v1/LEDGER/nodes/LOT-C-A'],
      ['ledger', 'GET', '/V1/ACCESS/keys'],
      ['ledger', 'POST', '/V1/LEDGER/WEBHOOKS'],
      ['ledger', 'GET', '/V1/Epcis/events'],
      ['retail', 'POST', '/V1/RETAIL/sales'],
    ] as const) {
      const anonymous = await fetch(`${chain.services[service]!.url}${path}`, { method });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
    }
    const rebuild = await fetch(`${chain.services['ledger']!.url}/V1/LEDGER/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reader!}` },
    });
    expect(rebuild.status).toBe(403);
  });

  it('has a row for every endpoint the services serve, over HTTP and over gRPC', async () => {
    const served: string[] = [];
    for (const name of Object.keys(SERVICES)) {
      const url = chain.services[name === 'access' ? 'ledger' : name]!.url;
      const document = (await (await fetch(`${url}/v1/${name}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const method of Object.keys(operations)) served.push(`${method.toUpperCase()} ${path}`);
      }
    }
    const rows = { ...COMMANDS, ...READS };
    expect(served.filter((endpoint) => !(endpoint in rows))).toEqual([]);
    expect(Object.keys(rows).filter((endpoint) => !served.includes(endpoint))).toEqual([]);

    const grpcRows = Object.values(rows).flatMap((row) =>
      row.grpc === undefined ? [] : [`${row.grpc[0]}/${row.grpc[1]}`],
    );
    const grpcServed = Object.entries(SERVICES).flatMap(([name, service]) =>
      service.methods.map((method) => `${name}/${method.localName}`),
    );
    expect(grpcServed.filter((method) => !grpcRows.includes(method))).toEqual([]);
  });

  it('describes every gRPC service to anyone through server reflection, as the OpenAPI documents do over HTTP', async () => {
    // Reflection tells the shape of the API (public, like openapi.json), never its data: the rows below check that
    // every method it lists still asks for credentials.
    for (const [name, service] of Object.entries(SERVICES)) {
      const reflection = reflectionClient(chain.services[name === 'access' ? 'ledger' : name]!.grpcAddress);
      try {
        const [listed] = await askReflection(reflection, [{ list_services: '' }]);
        expect(listed?.list_services_response?.service.map((served) => served.name)).toContain(service.typeName);
      } finally {
        reflection.close();
      }
    }
  });

  it('refuses with 401 / 403 and writes nothing, and lets through exactly what the policy allows', async () => {
    let n = 0;
    const failures: string[] = [];
    let allowedCommands = 0;
    const before = await outboxRows();
    for (const [endpoint, row] of Object.entries(COMMANDS)) {
      for (const principal of PRINCIPALS) {
        for (const credential of CREDENTIALS) {
          for (const side of ['a', 'b', 'free'] as const) {
            const holder = HOLDERS[row.holderKind][side];
            const owner = side === 'free' ? 'nobody' : PARTNER_OF[row.holderKind]![side];
            const want = expected(principal, credential, 'record', owner);
            const token = tokenFor(principal, credential, 'record');
            const label = `${endpoint} as ${principal.name} (${credential}) for ${holder}`;

            n += 1;
            const { path, body } = row.http(holder, `H${n}`);
            const answer = await httpCall('POST', path, token, body);
            if (want === 'allowed' ? answer.status !== 201 : answer.status !== want) {
              failures.push(`HTTP ${label}: ${answer.status}, expected ${want === 'allowed' ? 201 : want}`);
            } else if (want !== 'allowed' && !answer.contentType.startsWith('application/problem+json')) {
              failures.push(`HTTP ${label}: ${answer.contentType}, expected problem+json`);
            }

            n += 1;
            const [service, method, request] = row.grpc;
            const code = await grpcCall(service, method, request(holder, `G${n}`), token);
            const wantCode = want === 'allowed' ? 0 : GRPC_FOR[want];
            if (code !== wantCode) failures.push(`gRPC ${label}: code ${code}, expected ${wantCode}`);
            if (want === 'allowed') allowedCommands += 2;
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Every allowed command recorded one event; no refused one wrote anything.
    expect((await outboxRows()) - before).toBe(allowedCommands);
    // 13 commands x 2 transports x 5 allowed (the operator's admin key for 3 holders, its record key for the free
    // one, the owner for its own): the table and the policy agree on how much goes through.
    expect(allowedCommands).toBe(13 * 2 * 5);

    // The ledger's answers depend on the facts the commands recorded (a dispatch makes S-A a reader of C-A's lot).
    await eventually(
      async () => {
        const answer = await fetch(`${chain.services['ledger']!.url}/v1/ledger/lag`, {
          headers: { authorization: `Bearer ${adminKey}` },
        });
        const lag = (await answer.json()) as { eventsBehind: number; derivedPending: number };
        return lag.eventsBehind === 0 && lag.derivedPending === 0 ? true : undefined;
      },
      { description: 'the ledger caught up with the commands', timeoutMs: 60_000 },
    );
    for (const [endpoint, row] of Object.entries(READS)) {
      for (const principal of PRINCIPALS) {
        for (const credential of CREDENTIALS) {
          // A chain service's read is of a fact of holder a of its kind (S-A's sale, C-A's run ...).
          const holderKind = HOLDER_KIND_OF[endpoint.split('/')[2]!];
          const want =
            holderKind !== undefined
              ? expectedRead(principal, credential, PARTNER_OF[holderKind]!.a)
              : row.readers !== undefined
                ? expectedLedgerRead(principal, credential, row.readers)
                : expected(principal, credential, row.scope, undefined);
          const token = tokenFor(principal, credential, row.scope);
          const label = `${endpoint} as ${principal.name} (${credential})`;
          if (row.http !== undefined) {
            const method = endpoint.split(' ')[0]!;
            n += 1;
            const answer = await httpCall(method, row.http, token, row.body?.(`R${n}`));
            const refused = answer.status === 401 || answer.status === 403;
            if (want === 'allowed' ? refused || answer.status >= 500 : answer.status !== want) {
              failures.push(`HTTP ${label}: ${answer.status}, expected ${want}`);
            }
          }
          if (row.grpc !== undefined) {
            const [service, method, request] = row.grpc;
            const code = await grpcCall(service, method, request, token);
            const refused = code === 16 || code === 7;
            if (want === 'allowed' ? refused || code === 13 || code === -1 : code !== GRPC_FOR[want]) {
              failures.push(`gRPC ${label}: code ${code}, expected ${want}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

/** Values no field of any command accepts: each is the wrong type, out of range, or text no store can hold. */
const BAD_VALUES: readonly unknown[] = [
  '\ud800',
  'L-\udc00-1',
  'a\u0000b',
  '',
  'x'.repeat(2_000),
  {},
  [],
  true,
  -1.5,
  2 ** 70,
];

/** Every leaf of a JSON body, by the path the services name fields with (`inputs[0].grams`, `destination.kind`). */
function leafPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, path === '' ? key : `${path}.${key}`));
  }
  return [path];
}

/** A copy of `body` with the leaf at `path` replaced. */
function withLeaf(body: unknown, path: string, replacement: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const steps = path.match(/[^.[\]]+/g)!;
  let target: Record<string, unknown> = copy;
  for (const step of steps.slice(0, -1)) target = target[step] as Record<string, unknown>;
  target[steps.at(-1)!] = replacement;
  return copy;
}

describe('bad input, generated from a seed', () => {
  it('never reaches a 5xx: every malformed command is a 400 naming its field, and nothing is written', async () => {
    const seed = Number(process.env['VEZEL_BAD_INPUT_SEED'] ?? 20_261_204);
    const endpoints = Object.entries(COMMANDS);
    const cases = fc.sample(
      fc.record({
        endpoint: fc.nat(endpoints.length - 1),
        leaf: fc.nat(),
        bad: fc.nat(BAD_VALUES.length - 1),
        extraField: fc.boolean(),
      }),
      { seed, numRuns: 2_000 },
    );
    const before = await outboxRows();
    const failures: string[] = [];
    for (const [index, generated] of cases.entries()) {
      const [endpoint, row] = endpoints[generated.endpoint]!;
      const { path, body } = row.http(HOLDERS[row.holderKind].a, `BAD${index}`);
      const leaves = leafPaths(body);
      const leaf = generated.extraField ? 'notAField' : leaves[generated.leaf % leaves.length]!;
      const bad = BAD_VALUES[generated.bad];
      const sent = generated.extraField ? { ...(body as object), notAField: bad } : withLeaf(body, leaf, bad);
      const response = await fetch(`${chain.services[path.split('/')[2]!]!.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify(sent),
      });
      const problem = (await response.json()) as { field?: string };
      const named = problem.field !== undefined && (leaf.startsWith(problem.field) || problem.field.startsWith(leaf));
      if (response.status !== 400 || !response.headers.get('content-type')?.startsWith('application/problem+json')) {
        failures.push(
          `#${index} ${endpoint} ${leaf}=${JSON.stringify(bad)}: ${response.status} ${JSON.stringify(problem)}`,
        );
      } else if (!named) {
        failures.push(`#${index} ${endpoint} ${leaf}=${JSON.stringify(bad)}: names ${problem.field}`);
      }
    }
    // Printed with the seed, so a failure can be replayed exactly (VEZEL_BAD_INPUT_SEED).
    expect(failures, `seed ${seed}`).toEqual([]);
    expect(await outboxRows()).toBe(before);
  }, 300_000);

  it('never reaches a 5xx on a read given ids and parameters no store can hold', async () => {
    const badSegments = ['%ED%A0%80', '%00', '%F0%9F', 'x'.repeat(300), '%E2%80%AE%00'];
    const failures: string[] = [];
    for (const [endpoint, row] of Object.entries(READS)) {
      if (row.http === undefined || !endpoint.startsWith('GET')) continue;
      for (const bad of badSegments) {
        const [path, query] = row.http.split('?') as [string, string | undefined];
        const segments = path.split('/');
        const variants = [
          // The last path segment that is an id (a template with a parameter), or a query value.
          ...(endpoint.includes('{') ? [[...segments.slice(0, -1), bad].join('/')] : []),
          ...(endpoint.includes('}/') ? [[...segments.slice(0, -2), bad, segments.at(-1)].join('/')] : []),
          ...(query === undefined ? [] : [`${path}?${query.replace(/=([^&]*)/, `=${bad}`)}`]),
        ];
        for (const variant of variants) {
          const response = await fetch(`${chain.services[serviceServing(variant)]!.url}${variant}`, {
            headers: { authorization: `Bearer ${adminKey}` },
          });
          await response.arrayBuffer();
          if (response.status >= 500) failures.push(`${variant}: ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
