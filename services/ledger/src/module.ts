import { hostname } from 'node:os';
import type { AccessControl, Principal } from '@vezel/access';
import { eventTopics } from '@vezel/contracts';
import type { RequestHandler } from 'express';
import { loadMigrations } from '@vezel/db';
import type { Subscription } from '@vezel/messaging';
import { DEFAULT_CHAIN_TIME_ZONE } from '@vezel/chain-calendar';
import type { UnexpectedErrorReporter } from '@vezel/rpc';
import {
  createAccessAdminRouter,
  registerAccessAdminGrpc,
  callerOf,
  grpcCaller,
  requireCallerScope,
  serveOpenApiDocument,
  type ServiceDefinition,
  type ServiceDependencies,
  type ServiceModule,
} from '@vezel/service-kit';
import { createVezelMetrics, type VezelMetrics } from '@vezel/telemetry';
import { registerLedgerGrpcService } from './adapters/grpc/ledger-grpc-service.ts';
import { ledgerOpenApiDocument } from './adapters/http/ledger-openapi.ts';
import { createDashboardRouter } from './adapters/http/dashboard-routes.ts';
import { createLedgerRouter } from './adapters/http/ledger-routes.ts';
import { createPostgresLedgerQueries } from './adapters/postgres/postgres-ledger-queries.ts';
import { startFigureThread, withFigureWork } from './adapters/postgres/figure-thread.ts';
import { createPgLedgerStorage, pgRebuildTables } from './adapters/postgres/pg-ledger-storage.ts';
import { storeReferenceData } from './adapters/postgres/reference-data-store.ts';
import { decodeEventBatch } from './adapters/protobuf/decode-event-batch.ts';
import { createConsumerLag, lagByTopic } from './app/consumer-lag.ts';
import { startFigureRefresher, type FigureRefresher } from './app/figure-refresher.ts';
import { LEDGER_GROUP_ID, startLedgerConsumer } from './app/ledger-consumer.ts';
import { LedgerTablesReplacedError } from './app/ledger-tables-replaced-error.ts';
import { pgRebuildClaims } from './adapters/postgres/pg-rebuild-claims.ts';
import type { LedgerEventBatch } from './app/ledger-event-batch.ts';
import type { LedgerLag, LedgerQueries } from './app/ledger-queries.ts';
import { createLedgerRebuilds, type LedgerRebuilds } from './app/ledger-rebuilds.ts';
import { ledgerQueriesFor, ledgerReaderOf } from './app/ledger-read-policy.ts';
import { createQueryPriority, withQueryPriority } from './app/query-priority.ts';
import { createFigurePacer } from './app/query-time-pacing.ts';
import { createFeedHub } from './app/feed-hub.ts';
import type { FeedLimits } from './app/follow-feed.ts';
import { DEFAULT_WEBHOOK_TARGET_RULES, type ReferenceData, type WebhookTargetRules } from './domain/index.ts';
import { DEFAULT_EPCIS_BASE } from './adapters/epcis/render-epcis-event.ts';
import { readEpcisQueryParameters } from './adapters/http/epcis-requests.ts';
import { createEpcisRouter } from './adapters/http/epcis-routes.ts';
import { createHttpWebhookTransport } from './adapters/http/http-webhook-transport.ts';
import { webhookMessageOf } from './adapters/http/webhook-message.ts';
import { createWebhookRouter } from './adapters/http/webhook-routes.ts';
import { createPgEpcisQueryStore } from './adapters/postgres/pg-epcis-query-store.ts';
import { createPgWebhookStore } from './adapters/postgres/pg-webhook-store.ts';
import { countOpenAnomalies } from './adapters/postgres/count-open-anomalies.ts';
import {
  startWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookDispatchLimits,
} from './app/webhook-dispatcher.ts';
import { createWebhookSubscriptions } from './app/webhook-subscriptions.ts';
import type { Webhook } from './app/webhook-store.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/** What a host may set beyond the common dependencies. */
export interface LedgerModuleOptions {
  /** The topics to project; default the four chain topics. */
  readonly topics?: readonly string[];
  /** Consumer group; default `vezel-ledger`. */
  readonly groupId?: string;
  /** Reference data loaded (idempotently) at start: emission factors, market figures. */
  readonly referenceData?: ReferenceData;
  /**
   * The IANA time zone whose days calendar-date periods (`from=2026-01-01`) and UPV reporting years are; default
   * Europe/Amsterdam.
   */
  readonly timeZone?: string;
  /** Events per applied batch. */
  readonly maxBatchSize?: number;
  /**
   * The longest a query of the API (trace, KPIs, report ...) may run before PostgreSQL stops it (503 naming the
   * limit), so one expensive question cannot hold the server. Needs the ledger in its own schema; default none.
   */
  readonly queryTimeoutMs?: number;
  /**
   * Whether the figures are computed on a thread of their own when the ledger has a PostgreSQL server to connect to
   * (default true): queries then never wait on them, at the cost of a second V8 heap (LEDGER_FIGURE_THREAD).
   */
  readonly figureThread?: boolean;
  readonly metrics?: VezelMetrics;
  /** How the partner feed's streams pace themselves (heartbeats, unread bytes before a slow subscriber is cut). */
  readonly feedLimits?: FeedLimits;
  /** Where EPCIS node and place URIs live (`<base>/nodes/<id>`); default https://id.vezel.dev. */
  readonly epcisBase?: string;
  /** Where webhooks may go, how long a receiver has to answer, how the dispatcher paces itself. */
  readonly webhooks?: {
    readonly rules?: WebhookTargetRules;
    readonly timeoutMs?: number;
    readonly limits?: WebhookDispatchLimits;
  };
}

/** The ledger module, with handles for tests and embedding hosts. */
export interface LedgerModule extends ServiceModule {
  readonly queries: LedgerQueries;
  readonly rebuilds: LedgerRebuilds;
  /** The topics it projects. */
  readonly topics: readonly string[];
}

/**
 * The ledger as a module: a consumer applying the chain's events to the fact store, a refresher keeping the
 * derived figures up to date, and the query API over HTTP (with its OpenAPI document) and gRPC. Hosted by
 * `main.ts`, the embedded `npm start`, or a test.
 */
export async function createLedgerModule(
  dependencies: ServiceDependencies,
  options: LedgerModuleOptions = {},
): Promise<LedgerModule> {
  const { db, eventLog, logger } = dependencies;
  const topics = options.topics ?? eventTopics;
  const metrics = options.metrics ?? createVezelMetrics();
  const reportUnexpectedError: UnexpectedErrorReporter = (error, context) =>
    logger.error('unexpected error', { ...context, error });
  const timeZone = options.timeZone ?? DEFAULT_CHAIN_TIME_ZONE;
  // The API's queries run on a pool of their own with a statement timeout; applying events and rebuilding do not.
  const queryDb =
    options.queryTimeoutMs !== undefined && dependencies.openSchema !== undefined && dependencies.schema !== undefined
      ? dependencies.openSchema(dependencies.schema, { statementTimeoutMs: options.queryTimeoutMs })
      : undefined;
  // The API's questions go before figure work (query-priority.ts); the webhook dispatcher's reads do not count.
  const queryPriority = createQueryPriority();
  // One pacer for the process: its live refresher and a rebuild's figures phase take turns at query time.
  const figurePacer = createFigurePacer(() => queryPriority.queriesRecently(), Date.now);
  const queries = createPostgresLedgerQueries({
    db: queryDb ?? db,
    eventLog,
    topics,
    timeZone,
    ...(dependencies.clock ? { clock: dependencies.clock } : {}),
  });
  const migrations = await loadMigrations(migrationsDir);

  let stopping = false;
  const feedHub = createFeedHub({
    ...(options.feedLimits?.maxStreams === undefined ? {} : { maxStreams: options.feedLimits.maxStreams }),
    ...(options.feedLimits?.maxUnreadBytesTotal === undefined
      ? {}
      : { maxUnreadBytesTotal: options.feedLimits.maxUnreadBytesTotal }),
  });
  let consumer: Subscription | undefined;
  let refresher: FigureRefresher | undefined;
  const lag = createConsumerLag();
  const onBatchApplied = (batch: LedgerEventBatch, highWatermark: bigint): void => {
    metrics.countEventsApplied(batch.topic, batch.facts.length + batch.rejected.length);
    lag.record(batch, highWatermark);
    refresher?.wake();
  };
  // With a server to connect to, the figures are computed on a thread of their own, off the queries' event loop.
  const { schema, openSchema, databaseUrl } = dependencies;
  const figureThread =
    options.figureThread === false || databaseUrl === undefined || schema === undefined
      ? undefined
      : startFigureThread({ connectionString: databaseUrl });
  const figureWork = schema === undefined ? undefined : figureThread?.workOn(schema);
  const storage = withFigureWork(createPgLedgerStorage(db), figureWork);
  // Two refreshes at a time overlap the figure thread's computation with PostgreSQL's statements; on the main thread
  // (embedded, or LEDGER_FIGURE_THREAD=false) a second would only compete with the queries for the event loop.
  const figureConcurrency = figureThread === undefined ? 1 : 2;
  const startLive = async (): Promise<void> => {
    // A rebuild finishing during shutdown must not start consuming again.
    if (stopping) return;
    refresher = startFigureRefresher({
      storage,
      concurrency: figureConcurrency,
      isConsumerBusy: () => lag.isBusy(),
      pacer: figurePacer,
      onStep: (step) => metrics.countFigureRefreshes(step),
      onRefreshed: () => feedHub.notify(),
      onError: (error) => logger.warn('figure refresh failed; retrying', { error }),
    });
    consumer = await startLedgerConsumer({
      storage,
      decode: decodeEventBatch,
      eventLog,
      topics,
      groupId: options.groupId ?? LEDGER_GROUP_ID,
      ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
      onBatchApplied,
      onError: (error) =>
        error instanceof LedgerTablesReplacedError
          ? logger.info('a batch found the ledger tables replaced by a rebuild; it is applied to the new ones', {
              reason: error.message,
            })
          : logger.warn('applying a batch failed; it is delivered again', { error }),
      onTablesReplaced: () =>
        logger.info('a rebuild swapped in new ledger tables; consuming again from the positions they hold'),
    });
  };
  const stopLive = async (): Promise<void> => {
    await consumer?.stop();
    await refresher?.stop();
    consumer = undefined;
    refresher = undefined;
  };
  const rebuilds = createLedgerRebuilds({
    eventLog,
    topics,
    decode: decodeEventBatch,
    ...(schema === undefined || openSchema === undefined
      ? {}
      : {
          prepareTables: pgRebuildTables({
            db,
            schema,
            openSchema,
            migrations,
            ...(figureThread === undefined ? {} : { figureWorkOf: (rebuilt) => figureThread.workOn(rebuilt) }),
          }),
          claims: pgRebuildClaims(db),
          processName: `${hostname()}:${process.pid}`,
        }),
    pauseLive: stopLive,
    resumeLive: startLive,
    figureConcurrency,
    pacer: figurePacer,
    onError: (error) => logger.error('rebuild failed', { error }),
  });

  // Who reads what: the operator and auditors everything, other partners through what they own (the read policy).
  const { access } = dependencies;
  const asReader = async (
    caller: Pick<Principal, 'kind' | 'partnerId'> | undefined,
    of: LedgerQueries,
  ): Promise<LedgerQueries> =>
    access === undefined
      ? of
      : ledgerQueriesFor(await ledgerReaderOf(caller, (partnerId) => access.directory.holdersOf(partnerId)), of);
  const apiQueries = withQueryPriority(queries, queryPriority);
  const queriesAs = (caller: Pick<Principal, 'kind' | 'partnerId'> | undefined): Promise<LedgerQueries> =>
    asReader(caller, apiQueries);

  // Webhooks and EPCIS subscriptions: registered through the API, pushed by the dispatcher as their partner reads.
  const epcisBase = options.epcisBase ?? DEFAULT_EPCIS_BASE;
  const webhookStore = createPgWebhookStore(db);
  const webhookRules = options.webhooks?.rules ?? DEFAULT_WEBHOOK_TARGET_RULES;
  const subscriptions = createWebhookSubscriptions({
    store: webhookStore,
    queries,
    rules: webhookRules,
    wake: () => feedHub.notify(),
  });
  const namedQueries = createPgEpcisQueryStore(db, (parameters) => readEpcisQueryParameters(parameters, 'query'));
  const webhookQueries = async (webhook: Webhook): Promise<LedgerQueries> => {
    if (access === undefined) return queries;
    if ((await access.directory.findPartner(webhook.partnerId)) === undefined) {
      await webhookStore.setStatus(webhook.id, 'disabled', `partner ${webhook.partnerId} is no longer registered`);
      throw new Error(`webhook ${webhook.id} disabled: partner ${webhook.partnerId} is no longer registered`);
    }
    return asReader({ partnerId: webhook.partnerId, kind: webhook.partnerKind }, queries);
  };
  let dispatcher: WebhookDispatcher | undefined;
  // One read of the lag serves a scrape's two readings of it (the partitions' lag and the figure backlog, whose count
  // the lag reuses as GET /v1/ledger/lag does): each asking on its own counted the backlog twice.
  let lagInFlight: Promise<LedgerLag> | undefined;
  const lagOfScrape = (): Promise<LedgerLag> =>
    (lagInFlight ??= queries.lag().finally(() => {
      lagInFlight = undefined;
    }));
  // Read at every scrape rather than when a batch is applied, so they stay true while the consumer stalls or idles.
  const observeLedger = (): (() => void)[] => [
    metrics.observeConsumerLag(async () => lagByTopic(await lagOfScrape())),
    metrics.observeFigureBacklog(async () => {
      const lag = await lagOfScrape();
      return { nodes: lag.derivedPending, lookups: lag.lookupsPending, batches: lag.batchesPending };
    }),
    metrics.observeOpenAnomalies(() => countOpenAnomalies(queryDb ?? db)),
  ];
  let stopObserving: (() => void)[] = [];
  const partnerGuard = requireCallerScope(dependencies.access, () => 'read');

  return {
    name: 'ledger',
    migrations,
    topics,
    queries,
    rebuilds,
    httpRoutes: [
      serveOpenApiDocument('ledger', ledgerOpenApiDocument),
      // Reads need `read`; the rebuild, which drops and refills the ledger, needs `admin`. The check is mounted in
      // the ledger's router, so it matches every path its routes match (express matches paths case-insensitively).
      createLedgerRouter(apiQueries, rebuilds, {
        timeZone,
        guard: requireLedgerScope(dependencies.access),
        adminGuard: requireCallerScope(dependencies.access, () => 'admin'),
        queriesFor: (res) => queriesAs(callerOf(res)),
        feedHub,
        ...(options.feedLimits === undefined ? {} : { feedLimits: options.feedLimits }),
        epcisBase,
      }),
      // Subscribing is reading: a partner's webhooks and EPCIS subscriptions get what its reads would.
      createWebhookRouter(subscriptions, { guard: partnerGuard, callerOf }),
      createEpcisRouter({
        guard: partnerGuard,
        callerOf,
        queriesFor: (res) => queriesAs(callerOf(res)),
        namedQueries,
        subscriptions,
        epcisBase,
      }),
      createDashboardRouter(),
      // The operator's console serves the administration of who may call, for every service's directory.
      ...(dependencies.access === undefined ? [] : [createAccessAdminRouter(dependencies.access)]),
    ],
    registerGrpc: (server) => {
      registerLedgerGrpcService(server, apiQueries, {
        timeZone,
        reportUnexpectedError,
        queriesFor: async (context) => queriesAs(await grpcCaller(dependencies.access, context, 'read')),
        feedHub,
        ...(options.feedLimits === undefined ? {} : { feedLimits: options.feedLimits }),
        epcisBase,
      });
      if (dependencies.access !== undefined) {
        registerAccessAdminGrpc(server, dependencies.access, { reportUnexpectedError });
      }
    },
    readinessChecks: [{ name: 'database', check: async () => void (await db.query('select 1')) }],
    endOpenAnswers: () => feedHub.close(),
    async start() {
      if (options.referenceData !== undefined) await storeReferenceData(db, options.referenceData);
      await eventLog.ensureTopics(topics.map((name) => ({ name })));
      await startLive();
      dispatcher = startWebhookDispatcher({
        store: webhookStore,
        transport: createHttpWebhookTransport({
          rules: webhookRules,
          ...(options.webhooks?.timeoutMs === undefined ? {} : { timeoutMs: options.webhooks.timeoutMs }),
        }),
        queriesFor: webhookQueries,
        render: (webhook, event) => webhookMessageOf(webhook, event, epcisBase),
        queries,
        hub: feedHub,
        ...(options.webhooks?.limits === undefined ? {} : { limits: options.webhooks.limits }),
        onError: (error) => logger.warn('webhook delivery failed; retrying', { error }),
        onTried: (outcome) => metrics.countWebhookDeliveries(outcome),
      });
      stopObserving = observeLedger();
    },
    async stop() {
      for (const stopReading of stopObserving) stopReading();
      // A running rebuild is abandoned, not awaited: it starts over from scratch next time (its schema is dropped).
      stopping = true;
      await dispatcher?.stop();
      await stopLive();
      await figureThread?.close();
      await queryDb?.close();
    },
  };
}

/** The ledger service for `runService`, with host options (topics, reference data). */
export function ledgerServiceWith(options: LedgerModuleOptions = {}): ServiceDefinition {
  return { name: 'ledger', create: (dependencies) => createLedgerModule(dependencies, options) };
}

/** The ledger service on its defaults. */
export const ledgerService: ServiceDefinition = ledgerServiceWith();
export { readLedgerSettings } from './ledger-settings.ts';

/**
 * Reads need `read`, anything that changes the ledger (the rebuild) `admin`. Managing one's webhooks is reading:
 * they deliver what the partner may read. Paths are matched as express matches them, in any letter case.
 */
function requireLedgerScope(access: AccessControl | undefined): RequestHandler {
  return requireCallerScope(access, (req) =>
    req.method === 'GET' || req.method === 'HEAD' || /^\/webhooks(\/|$)/i.test(req.path) ? 'read' : 'admin',
  );
}
