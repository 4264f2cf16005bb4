import { DEFAULT_CHAIN_TIME_ZONE, startOfDay } from '@vezel/chain-calendar';
import { anomalyPageToken, readAnomalyPageToken } from './anomaly-page-token.ts';
import { DEFAULT_HISTORY_PAGE, pageOfHistory } from './page-of-history.ts';
import type { Db } from '@vezel/db';
import { addGrams, toGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';
import { municipalityOf } from '@vezel/municipalities';
import { NotFoundError } from '@vezel/errors';
import type { EventLog } from '@vezel/messaging';
import { backlogCount } from '../../app/backlog-count.ts';
import type { KpiQuery, LedgerLag, LedgerQueries, PartitionLag, StoredAnomaly } from '../../app/ledger-queries.ts';
import {
  accountNode,
  describeNode,
  ownReadersOf,
  kpisOf,
  traceBackward,
  traceForward,
  upvReportOf,
  localForLocalOf,
  type AnomalyKind,
  type Holder,
  type LedgerState,
  type Outcome,
} from '../../domain/index.ts';
import { loadBookedState } from './load-booked-state.ts';
import { loadLedgerState } from './load-ledger-state.ts';
import { readFlowRows, readStoreReachRows } from './read-fraction-outcome-sums.ts';
import { readOutcomeTotals, readOutcomeTotalsByMunicipality } from './read-outcome-totals.ts';
import { createFeedTailCache } from './feed-tail-cache.ts';
import { readFeedPage } from './read-feed-page.ts';
import { readableNodesSql } from './readable-nodes-sql.ts';
import { readScopedTrace } from './read-scoped-trace.ts';
import { countFigureBacklog } from './refresh-derived-figures.ts';
import { readFactorTable, readPlacedOnMarket } from './reference-data-store.ts';

export interface PostgresLedgerQueriesOptions {
  readonly db: Db;
  /** For lag: the log's end offsets. */
  readonly eventLog: EventLog;
  readonly topics: readonly string[];
  /**
   * Whose calendar a UPV reporting year follows: 2026 runs from 1 January 00:00 to the next, in this zone (default
   * Europe/Amsterdam).
   */
  readonly timeZone?: string;
  readonly clock?: () => Date;
}

/** The ledger's queries over its PostgreSQL tables (see LedgerQueries for what is live and what is summed). */
export function createPostgresLedgerQueries(options: PostgresLedgerQueriesOptions): LedgerQueries {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const timeZone = options.timeZone ?? DEFAULT_CHAIN_TIME_ZONE;
  // Live streams and webhooks all read the feed's newest events: once for all of them in this process.
  const feedTail = createFeedTailCache(db);
  // Counting the backlog costs in proportion to it, and monitors ask for the lag several times a second.
  // Reused for the marks of both steps, but never when no node waits: that count, read 0, must be current.
  const figureBacklog = backlogCount(
    () => countFigureBacklog(db),
    (backlog) => (backlog.derivedPending === 0 ? 0 : backlog.derivedPending + backlog.batchesPending),
    clock,
  );
  const isPartyOfNode = async (nodeId: string, readers: ReadonlySet<string>): Promise<boolean> => {
    const own = ownReadersOf(accountNode(await loadLedgerState(db, { nodes: [nodeId], direction: 'none' }), nodeId));
    return [...readers].some((reader) => own.has(reader));
  };
  return {
    async traceForward(source) {
      if (source.kind !== 'node') return readScopedTrace(db, source);
      const state = await loadNodeTraceState(db, source.nodeId, 'forward');
      return traceForward(state, source);
    },

    async traceBackward(nodeId) {
      return traceBackward(await loadNodeTraceState(db, nodeId, 'backward'), nodeId);
    },

    async describeNode(nodeId, historyPage = { limit: DEFAULT_HISTORY_PAGE }) {
      const description = describeNode(await loadLedgerState(db, { nodes: [nodeId], direction: 'none' }), nodeId);
      return { ...description, ...pageOfHistory(description.history, historyPage) };
    },

    async kpis(query: KpiQuery) {
      const factors = await readFactorTable(db, query.factorsVersion);
      if (factors === undefined) {
        throw new NotFoundError(
          query.factorsVersion === undefined
            ? 'no emission factor table is loaded (reference data)'
            : `no emission factor table has version ${query.factorsVersion}`,
          { field: 'factors', details: { version: query.factorsVersion ?? null } },
        );
      }
      const totals = await readOutcomeTotals(db, query.scope, { from: query.from, to: query.to });
      return kpisOf(query, totals, factors);
    },

    async flows(period) {
      const rows = await readFlowRows(db, period);
      return rows.map((row) => ({
        municipality: row.municipality,
        ...(row.centre_id === null ? {} : { centreId: row.centre_id }),
        ...(row.fraction === '' ? {} : { fraction: row.fraction }),
        outcome: row.outcome,
        grams: row.grams,
      }));
    },

    async localForLocal(period, region) {
      const rows = await readStoreReachRows(db, period);
      const regionOf =
        region === 'municipality'
          ? (municipality: string) => municipality
          : // A code not on the CBS list has no province: it stands alone, under its code, and is local to nothing else.
            (municipality: string) => municipalityOf(municipality)?.province ?? municipality;
      return localForLocalOf(
        rows.map((row) => ({
          municipality: row.municipality,
          inStore: row.in_store,
          ...(row.store_municipality === null ? {} : { storeMunicipality: row.store_municipality }),
          grams: toGrams(row.grams),
        })),
        regionOf,
      );
    },

    async upvReport(year) {
      const period = {
        from: startOfDay({ year, month: 1, day: 1 }, timeZone),
        to: startOfDay({ year: year + 1, month: 1, day: 1 }, timeZone),
      };
      // One read, the chain's totals summed from it: two reads could straddle a refresh, and the parts must add up.
      const byMunicipality = await readOutcomeTotalsByMunicipality(db, period);
      const totals = new Map<Outcome, Grams>();
      for (const own of byMunicipality.values()) {
        for (const [outcome, grams] of own) totals.set(outcome, addGrams(totals.get(outcome) ?? ZERO_GRAMS, grams));
      }
      return upvReportOf(year, totals, await readPlacedOnMarket(db, year - 1), byMunicipality);
    },

    async anomalies(page, readers) {
      const after = page.pageToken === undefined ? undefined : readAnomalyPageToken(page.pageToken);
      // Keyset pagination on the index (detected_at, node_id, anomaly_key): a page costs its own rows, however deep.
      const { rows } = await db.query<{
        kind: AnomalyKind;
        node_id: string;
        anomaly_key: string;
        holder: Holder | null;
        grams: bigint;
        message: string;
        event_ids: string[];
        detected_at: Date;
        detected_at_exact: string;
      }>(
        // The position is kept as PostgreSQL's own text of the time: a JS Date would drop its microseconds.
        `select kind, node_id, anomaly_key, holder, grams, message, event_ids, detected_at,
                detected_at::text as detected_at_exact
           from ledger_anomalies a
          where ($1::timestamptz is null or (detected_at, node_id, anomaly_key) > ($1::timestamptz, $2, $3))
            and ($5::text[] is null or ${readableNodesSql('array[a.node_id]', '$5')})
          order by detected_at, node_id, anomaly_key
          limit $4`,
        [
          after?.detectedAt ?? null,
          after?.nodeId ?? null,
          after?.anomalyKey ?? null,
          page.limit + 1,
          readers === undefined ? null : [...readers],
        ],
      );
      const more = rows.length > page.limit;
      const shown = more ? rows.slice(0, page.limit) : rows;
      const last = shown.at(-1);
      const anomalies = shown.map((row): StoredAnomaly => ({
        kind: row.kind,
        nodeId: row.node_id,
        ...(row.holder === null ? {} : { holder: row.holder }),
        grams: row.grams,
        message: row.message,
        eventIds: row.event_ids,
        detectedAt: row.detected_at,
      }));
      return more && last !== undefined
        ? {
            anomalies,
            nextPageToken: anomalyPageToken({
              detectedAt: last.detected_at_exact,
              nodeId: last.node_id,
              anomalyKey: last.anomaly_key,
            }),
          }
        : { anomalies };
    },

    async mayReadNode(nodeId, readers) {
      const { rows } = await db.query<{ readable: boolean }>(
        `select ${readableNodesSql('array[$1::text]', '$2::text[]')} as readable`,
        [nodeId, [...readers]],
      );
      if (rows[0]?.readable === true) return true;
      // A node with no batch above it yet (its run not arrived) has no rows: its own facts say who holds it.
      return isPartyOfNode(nodeId, readers);
    },

    isPartyOfNode,

    async feed(request) {
      return (await feedTail.read(request)) ?? readFeedPage(db, request);
    },

    async municipalitiesOfContainer(containerId) {
      const { rows } = await db.query<{ municipality: string }>(
        `select distinct municipality from ledger_batches where container_id = $1 order by 1`,
        [containerId],
      );
      return rows.map((row) => row.municipality);
    },

    async lag(): Promise<LedgerLag> {
      const { rows } = await db.query<{
        topic: string;
        partition: number;
        log_offset: bigint;
        last_event_at: Date | null;
      }>(`select topic, partition, log_offset, last_event_at from ledger_positions`);
      const stored = new Map(rows.map((row) => [`${row.topic}\u0000${row.partition}`, row]));
      const now = clock().getTime();
      const partitions: PartitionLag[] = [];
      for (const topic of options.topics) {
        for (const [partition, endOffset] of [...(await options.eventLog.endOffsets(topic))].sort(
          ([a], [b]) => a - b,
        )) {
          const position = stored.get(`${topic}\u0000${partition}`);
          const next = position === undefined ? 0n : position.log_offset + 1n;
          const eventsBehind = endOffset > next ? Number(endOffset - next) : 0;
          const lastEventAt = position?.last_event_at ?? null;
          const secondsBehind =
            eventsBehind === 0
              ? 0
              : lastEventAt === null
                ? undefined
                : Math.max(0, (now - lastEventAt.getTime()) / 1000);
          partitions.push({
            topic,
            partition,
            ...(position === undefined ? {} : { position: position.log_offset }),
            endOffset,
            eventsBehind,
            ...(secondsBehind === undefined ? {} : { secondsBehind }),
          });
        }
      }
      return {
        partitions,
        eventsBehind: partitions.reduce((total, partition) => total + partition.eventsBehind, 0),
        ...(await figureBacklog()),
      };
    },
  };
}

/**
 * What a node's trace is computed from: its books and facts read in one snapshot, since a book and the facts it
 * names belong together only as of one commit (the apply renews a node's mark with its fact).
 */
function loadNodeTraceState(db: Db, nodeId: string, direction: 'forward' | 'backward'): Promise<LedgerState> {
  return db.transaction(async (tx) => (await loadBookedState(tx, [nodeId], { direction })).state, {
    isolation: 'repeatable read',
  });
}
