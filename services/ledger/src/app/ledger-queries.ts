import type {
  BackwardTrace,
  LedgerFact,
  ForwardTrace,
  Holder,
  Kpis,
  KpiScope,
  NodeDescription,
  TraceSource,
  UpvReport,
  AnomalyKind,
  RegionalLocalForLocal,
} from '../domain/index.ts';

/**
 * What the ledger answers (docs/domain.md, the `/v1/ledger/` API), whatever serves it: HTTP, gRPC, the CLI. Node
 * traces and histories are computed live from the facts; container, municipality, KPI and report figures are sums
 * of the per-batch figures the refresher keeps, so they trail the facts by the refresher's backlog (see `lag`).
 */
export interface LedgerQueries {
  traceForward(source: TraceSource): Promise<ForwardTrace>;
  traceBackward(nodeId: string): Promise<BackwardTrace>;
  /** A node, who holds it, and one page of its history (oldest first) with where the next page starts. */
  describeNode(
    nodeId: string,
    historyPage?: PageRequest,
  ): Promise<NodeDescription & { readonly nextHistoryPageToken?: string }>;
  kpis(query: KpiQuery): Promise<Kpis>;
  /** Grams collected in a period by municipality, first sorting centre and outcome: the chain as a flow diagram. */
  flows(period: { readonly from: Date; readonly to: Date }): Promise<readonly Flow[]>;
  /**
   * Per municipality (or province) with batches collected in the period: how much of it was reused in stores in
   * the same municipality (or province).
   */
  localForLocal(
    period: { readonly from: Date; readonly to: Date },
    region: LocalRegion,
  ): Promise<readonly RegionalLocalForLocal[]>;
  upvReport(year: number): Promise<UpvReport>;
  /**
   * One page of the open anomalies, oldest first, and where the next page starts (absent on the last); with
   * `readers`, only those of nodes one of them may read.
   */
  anomalies(
    page: PageRequest,
    readers?: ReadonlySet<string>,
  ): Promise<{ readonly anomalies: StoredAnomaly[]; readonly nextPageToken?: string }>;
  lag(): Promise<LedgerLag>;
  /**
   * Whether any of `readers` (reader keys: `store:ST-1`, `municipality:GM0363`) may read the node: it holds or
   * held it or something made from it, its municipality's grams reach it, or its own facts name one of them.
   */
  mayReadNode(nodeId: string, readers: ReadonlySet<string>): Promise<boolean>;
  /** Whether any of `readers` is one of the node's own parties: it held it or was sent it, or collected it. */
  isPartyOfNode(nodeId: string, readers: ReadonlySet<string>): Promise<boolean>;
  /** The municipalities of the batches collected at a container (what decides who reads its figures). */
  municipalitiesOfContainer(containerId: string): Promise<readonly string[]>;
  /** One page of the partner feed (docs/architecture.md, the feed). */
  feed(request: FeedRequest): Promise<FeedPage>;
}

/** Which feed events to read: after a position, up to the feed's settled end, those matching every filter given. */
export interface FeedRequest {
  readonly after: bigint;
  readonly limit: number;
  /** Only these fact types. */
  readonly types?: readonly string[];
  /** Only events touching this node. */
  readonly nodeId?: string;
  /** Only events carrying grams collected in this municipality (or naming it). */
  readonly municipality?: string;
  /** Only events one of these readers may see (set by the read policy for partners). */
  readonly readers?: ReadonlySet<string>;
  /** Positions one read looks at, at most, matching or not. Default 20,000. */
  readonly scanWindow?: number;
  /**
   * The newest matching events instead: the last `limit` among the `scanWindow` positions up to the settled end,
   * in position order (a page opening on what happened lately); `after` is ignored.
   */
  readonly latest?: boolean;
}

export interface FeedPage {
  readonly events: readonly FeedEvent[];
  /**
   * The position through which this page looked: never past the feed's settled end (every event's visibility
   * known), nor further than one read scans. A page with fewer than `limit` events covers everything up to it;
   * at the settled end, a page reads the same as the one before.
   */
  readonly settledThrough: bigint;
  /** Whether `settledThrough` is the feed's settled end (else the page stopped at the end of what one read scans). */
  readonly atEnd: boolean;
}

/** One event of the feed: its position and its fact, as the core reads it and as the ledger stores it as JSON. */
export interface FeedEvent {
  readonly position: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly fact: LedgerFact;
  /** The stored JSON (grams as decimal strings): what the feed sends as `fact`. */
  readonly factJson: unknown;
}

/**
 * Grams of one municipality that went through one centre (none yet: on the road) and one sorting fraction (none:
 * not sorted) to one outcome.
 */
export interface Flow {
  readonly municipality: string;
  readonly centreId?: string;
  readonly fraction?: string;
  readonly outcome: string;
  readonly grams: bigint;
}

/** What local-for-local counts as local: the same municipality, or the same province. */
export type LocalRegion = 'municipality' | 'province';

export interface KpiQuery {
  readonly from: Date;
  readonly to: Date;
  readonly scope: KpiScope;
  /** The emission factor table to use; default the newest loaded. */
  readonly factorsVersion?: string;
}

/** An open anomaly as stored, with the time the ledger first saw it. */
/** Which part of a long list to answer (anomalies, a node's history): at most `limit`, after what `pageToken` names. */
export interface PageRequest {
  readonly limit: number;
  readonly pageToken?: string;
}

export interface StoredAnomaly {
  readonly kind: AnomalyKind;
  readonly nodeId: string;
  readonly holder?: Holder;
  readonly grams: bigint;
  readonly message: string;
  readonly eventIds: readonly string[];
  readonly detectedAt: Date;
}

/** How far the ledger trails the log. */
export interface LedgerLag extends FigureBacklog {
  readonly partitions: readonly PartitionLag[];
  /** Events in the log the ledger has not applied yet, all partitions together. */
  readonly eventsBehind: number;
}

/**
 * The refresher's work still to do, as last counted (backlog-count.ts: a large backlog is recounted every few seconds,
 * a small one at every ask). Its two steps: a node mark is looked up (turned into marks on the batches above it), then
 * each marked batch is recomputed once for all the marks below it. So `lookupsPending` falls first, `batchesPending`
 * rises with it and then falls, and `derivedPending` reaches 0 only when both are done; after a large catch-up the
 * batches are most of the time left.
 */
export interface FigureBacklog {
  /** Nodes whose figures (municipality, container, KPI sums and anomalies) wait for the refresher. */
  readonly derivedPending: number;
  /** Of those, the nodes not looked up yet. */
  readonly lookupsPending: number;
  /** Batches whose figures wait to be recomputed. */
  readonly batchesPending: number;
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the last applied event; absent before the first. */
  readonly position?: bigint;
  /** The position the next event of the partition will get. */
  readonly endOffset: bigint;
  readonly eventsBehind: number;
  /**
   * 0 when caught up; otherwise the seconds since the last applied event was published: an upper bound on how old
   * the oldest unapplied event is. Absent when behind and the last applied event's time is not known.
   */
  readonly secondsBehind?: number;
}
