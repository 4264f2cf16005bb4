import type { LedgerQueries } from './ledger-queries.ts';

/**
 * Queries before figure work (ADR 21). The figures are computed off the queries' event loop, but on a machine whose
 * database runs beside the ledger they still share its cores and PostgreSQL with the queries: at 1,000 events a second
 * the refresher works without pause, and node traces slowed from 5-10 ms to 20-40 ms at the median. While queries are
 * being answered, figure work is therefore paced (query-time-pacing.ts): the figures trail the facts a little longer
 * meanwhile, and catch up in full steps once the queries stop.
 */
export interface QueryPriority {
  /** Runs `query`, counted as a query in flight until it settles. */
  run<T>(query: () => Promise<T>): Promise<T>;
  /** Whether a query is in flight or one ended less than the quiet interval ago. */
  queriesRecently(): boolean;
}

export interface QueryPriorityOptions {
  /**
   * How long after the last query figure work stays in small steps (default 250 ms): a client asking one question
   * after another leaves gaps of a millisecond or two between them, which must not count as quiet.
   */
  readonly quietMs?: number;
  /** Milliseconds since the epoch; `Date.now` unless a test sets the time. */
  readonly now?: () => number;
}

export function createQueryPriority(options: QueryPriorityOptions = {}): QueryPriority {
  const quietMs = options.quietMs ?? 250;
  const now = options.now ?? Date.now;
  let inFlight = 0;
  let lastEndedAt = Number.NEGATIVE_INFINITY;
  return {
    async run(query) {
      inFlight += 1;
      try {
        return await query();
      } finally {
        inFlight -= 1;
        lastEndedAt = now();
      }
    },
    queriesRecently: () => inFlight > 0 || now() - lastEndedAt < quietMs,
  };
}

/**
 * `queries` with the API's questions counted by `priority`: for the HTTP and gRPC routes, not for the webhook
 * dispatcher. Two are not counted: the feed's pages, which streams and webhooks read after every refresh that settles
 * events (counting them would slow the refresher down for its own readers; EPCIS event queries page through the feed
 * too), and the lag, which monitors ask every few hundred milliseconds to watch the figures settle (counting it would
 * keep the figures from settling). Both are index reads, cheap beside a trace.
 */
export function withQueryPriority(queries: LedgerQueries, priority: QueryPriority): LedgerQueries {
  const counted = <T>(question: () => Promise<T>): Promise<T> => priority.run(question);
  return {
    traceForward: (source) => counted(() => queries.traceForward(source)),
    traceBackward: (nodeId) => counted(() => queries.traceBackward(nodeId)),
    describeNode: (nodeId, historyPage) => counted(() => queries.describeNode(nodeId, historyPage)),
    kpis: (query) => counted(() => queries.kpis(query)),
    flows: (period) => counted(() => queries.flows(period)),
    localForLocal: (period, region) => counted(() => queries.localForLocal(period, region)),
    upvReport: (year) => counted(() => queries.upvReport(year)),
    anomalies: (page, readers) => counted(() => queries.anomalies(page, readers)),
    mayReadNode: (nodeId, readers) => counted(() => queries.mayReadNode(nodeId, readers)),
    isPartyOfNode: (nodeId, readers) => counted(() => queries.isPartyOfNode(nodeId, readers)),
    municipalitiesOfContainer: (containerId) => counted(() => queries.municipalitiesOfContainer(containerId)),
    lag: () => queries.lag(),
    feed: (request) => queries.feed(request),
  };
}
