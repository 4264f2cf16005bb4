import { createHash } from 'node:crypto';
import type { Db, Queryable } from '@vezel/db';
import {
  accountNode,
  canonicalJson,
  downstreamReadersFrom,
  firstCentreOf,
  forwardSharesIn,
  fractionOutcomesOf,
  holderKeyOf,
  cycleAnomaliesIn,
  factAnomaliesIn,
  traceNodesForward,
  type Anomaly,
  type LedgerState,
  type NodeBook,
} from '../../domain/index.ts';
import { REFRESH_BUSY_PAUSE_MS } from '../../app/figure-refresher.ts';
import type { FigureRefreshOptions, FigureRefreshResult } from '../../app/ledger-storage.ts';
import type { FigureBacklog } from '../../app/ledger-queries.ts';
import { addFigureSumChanges, figureSumChangesOf, type FigureSumChanges } from './add-figure-sum-changes.ts';
import { analyzeGrownTablesEvery } from './analyze-grown-tables.ts';
import { loadBookedState } from './load-booked-state.ts';
import { RowColumns } from './row-columns.ts';
import { writeNodeBooks } from './write-node-books.ts';

/**
 * Node marks looked up per transaction. Looking up is cheap (an index walk up the runs, the node's own facts for its
 * book) and runs ahead of the recomputation on purpose: unless told to recompute now, a refresh that finds more marks
 * than this only looks them up, so that a catch-up recomputes each batch once, from current books of the nodes below
 * it, rather than once per lookup that reached it.
 */
const CONVERSIONS_PER_TRANSACTION = 10_000;
const CONVERSIONS_PER_STEP = 1_000;

/**
 * The node marks are split by a hash of the node id into this many shares, each looked up by one refresh at a time:
 * two refreshes (a process's two loops, or two processes) look up at once, each its own share, where a refresh alone
 * takes them all one after the other. One lookup at a time left the other loop idle for a third of the figures' time
 * from nothing (it waits while lookups run ahead) and a core a quarter idle.
 *
 * Why concurrent lookups keep the finishing rule (a node mark is done once no batch mark numbered below its
 * conversion is left) right: every batch above a node is marked by the lookup that converts the node, and a lookup
 * that marks a batch another has marked but not committed waits for that commit (the marking locks the row), so a
 * conversion never commits while a mark it relies on is still invisible. Why they cannot deadlock, with each other,
 * the applies or the recomputations: each share is looked up in a transaction of its own that, as the single lookup
 * did, marks its batches in byte order in one statement and locks its node marks in byte order in its last one. (A
 * first version looked up both shares in one transaction: it held the first share's node marks while it marked the
 * second's batches, which a review showed deadlocks with an apply that marks nodes of both shares.)
 */
const LOOKUP_SHARES = 2;

/**
 * One refresh, in three steps, in two transactions:
 * 1. up to `maxLookups` node marks become marks on the batches whose forward trace can depend on the node (its
 *    ancestors through runs, itself included), and the nodes' books are written from their facts. When that many
 *    were waiting (more may be), the refresh ends here unless `recomputeNow`: see CONVERSIONS_PER_TRANSACTION;
 * 2. up to `maxBatches` marked batches (oldest first, skipping those another process has claimed), and the marked
 *    batches pooled with them in a run (claimBatchMarks), get their figures recomputed from the books of the nodes
 *    below them (`ledger_batches`, `_outcomes`, `_stock`, `_fraction_outcomes`, who may read the nodes below them),
 *    and the node marks whose batches are all recomputed (up to `maxNodes`, oldest conversion first) get their
 *    anomalies written and are removed;
 * 3. in the same transaction, the feed's settled position moves over the events whose nodes are all done.
 * A node mark is removed only if it was not renewed meanwhile (its sequence number is unchanged): a fact stored while
 * this runs re-marks its nodes, so a later refresh picks it up. The figures converge on the facts whatever the
 * timing, and a crash rolls back the step in hand with its marks.
 *
 * A batch is recomputed once for all the marks below it that were turned into batch marks before its turn, instead
 * of once per refresh that took one of them: that is what makes a catch-up or a rebuild proportional to the batches
 * rather than to the marks.
 *
 * Several processes refresh one schema at once: step 1 runs in one refresh at a time per lookup share (LOOKUP_SHARES),
 * and finishing node marks with step 3 in one at a time (transaction-level advisory locks; a refresh that finds them
 * taken skips that part); step 2's batches are recomputed in all of them, each on the batches it claimed (row locks,
 * `skip locked`), so no batch's figures are computed twice at once and a killed process's claims return to the
 * others with its rolled-back transaction. A node's readers and anomalies, which several batches' refreshes reach,
 * are written so that an older refresh never overwrites a newer one's: readers carry the number of the refresh that
 * wrote them (writeHolderSets), and anomalies are written only under the finishing lock (writeAnomalies).
 *
 * Defaults: `maxLookups` 10,000 (CONVERSIONS_PER_TRANSACTION), `maxBatches` 1,000 (their forward graphs are loaded and
 * computed in one go; a process runs two refreshes at a time, which together hold what one of 2,000 did; the batches
 * pooled with them add up to as many again), `maxNodes` 2,000; each scaled by `sizeFactor`.
 */
export async function refreshDerivedFigures(db: Db, options: FigureRefreshOptions = {}): Promise<FigureRefreshResult> {
  const sizes = sizesOf(options);
  const { maxLookups } = sizes;
  // Each share in its own transaction, so node marks are locked only in a lookup's last statement, as before shares
  // (an apply waits for no lookup beyond that); the share of the oldest waiting mark first, so a refresh alone takes
  // marks oldest first across shares and neither share starves.
  let lookedUp = 0;
  let othersLookingUp = false;
  for (const share of await sharesOldestFirst(db)) {
    if (lookedUp >= maxLookups) break;
    const taken = await db.transaction(async (tx) =>
      (await tryLockStep(tx, `convert-${share}`))
        ? markBatchesOfDirtyNodes(tx, maxLookups - lookedUp, share, sizes.lookupStep)
        : undefined,
    );
    if (taken === undefined) othersLookingUp = true;
    else lookedUp += taken;
  }
  if (lookedUp === maxLookups && options.recomputeNow !== true) {
    return { nodes: 0, batches: 0, feedSettled: 0, lookedUp, busy: false };
  }
  // Another refresh is looking marks up in a share this one could not take: while a lookup's worth of marks waits
  // (counting those it is looking up, until it commits), recomputing now would recompute batches that those lookups
  // reach again, which is what running the lookups ahead avoids.
  if (othersLookingUp && options.recomputeNow !== true && (await lookupsWaiting(db, maxLookups)) >= maxLookups) {
    return { nodes: 0, batches: 0, feedSettled: 0, lookedUp, busy: lookedUp === 0 };
  }
  const computed = await db.transaction((tx) => refreshClaimedBatches(tx, sizes));
  return {
    ...computed,
    lookedUp,
    busy: othersLookingUp && lookedUp === 0 && computed.nodes === 0 && computed.batches === 0,
  };
}

/**
 * A refresh's sizes: as given or by default, the ones that bound its memory scaled by `sizeFactor`
 * (figure-step-scale.ts), each at least 1. Lookups hold one step of nodes (CONVERSIONS_PER_STEP) at a time, so it is
 * the step that shrinks, not how many marks a lookup takes: fewer would end lookups early and recompute batches before
 * the marks below them are looked up, which running the lookups ahead avoids.
 */
function sizesOf(options: FigureRefreshOptions): RefreshSizes {
  const scaled = (size: number): number => Math.max(1, Math.floor(size * (options.sizeFactor ?? 1)));
  return {
    maxLookups: options.maxLookups ?? CONVERSIONS_PER_TRANSACTION,
    lookupStep: scaled(CONVERSIONS_PER_STEP),
    maxBatches: scaled(options.maxBatches ?? 1_000),
    maxNodes: scaled(options.maxNodes ?? 2_000),
  };
}

interface RefreshSizes {
  readonly maxLookups: number;
  /** Nodes whose batches and books one statement of a lookup takes. */
  readonly lookupStep: number;
  readonly maxBatches: number;
  readonly maxNodes: number;
}

/** The lookup shares, starting with the one that holds the oldest mark waiting to be looked up; none if none waits. */
async function sharesOldestFirst(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ share: number }>(
    `select ${lookupShareSql('node_id')} as share from ledger_dirty_nodes
      where converted_seq is distinct from marked_seq
      order by marked_seq, node_id limit 1`,
  );
  const first = rows[0]?.share;
  if (first === undefined) return [];
  return Array.from({ length: LOOKUP_SHARES }, (_, index) => (first + index) % LOOKUP_SHARES);
}

/** How many node marks wait to be looked up, counted up to `limit` (an index range, not the whole table). */
async function lookupsWaiting(db: Queryable, limit: number): Promise<number> {
  const { rows } = await db.query<{ waiting: bigint }>(
    `select count(*) as waiting from (
       select 1 from ledger_dirty_nodes where converted_seq is distinct from marked_seq limit $1
     ) as marks`,
    [limit],
  );
  return Number(rows[0]?.waiting ?? 0n);
}

/** A serial step of the refresh: looking up one share's marks, or finishing node marks and settling the feed. */
type RefreshStep = `convert-${number}` | 'finish';

/**
 * The advisory lock key (an SQL expression) of one serial step of the refresh in the current schema. Exported for
 * tests, which hold a step's lock as another refresh would.
 */
export function refreshStepLockSql(step: RefreshStep): string {
  return `hashtext(current_schema() || '.ledger-refresh-${step}')`;
}

/** Takes the advisory lock of one serial step of the refresh in this schema, for the transaction, if it is free. */
async function tryLockStep(tx: Queryable, step: RefreshStep): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(
    `select pg_try_advisory_xact_lock(${refreshStepLockSql(step)}) as locked`,
  );
  return rows[0]?.locked === true;
}

/**
 * Step 2: the batches this process claims, and, in the one process that holds the finishing lock, the node marks
 * they finish and the feed events that are then settled (in the same transaction, so `derivedPending` 0 means the
 * feed is settled too).
 */
async function refreshClaimedBatches(
  tx: Queryable,
  sizes: RefreshSizes,
): Promise<{ readonly nodes: number; readonly batches: number; readonly feedSettled: number }> {
  const batchMarks = await claimBatchMarks(tx, sizes.maxBatches);
  const batchIds = batchMarks.map((mark) => mark.batch_id).sort();
  // One process at a time finishes node marks: each would otherwise load and write the same nodes' anomalies.
  const finishing = await tryLockStep(tx, 'finish');
  const finished = finishing ? await nodeMarksFinishedBy(tx, batchIds, sizes.maxNodes) : [];
  if (batchIds.length === 0 && finished.length === 0) {
    return { nodes: 0, batches: 0, feedSettled: finishing ? await settleFeed(tx) : 0 };
  }
  // Drawn after the claims and before the first fact is read: see computed_seq (0009-ledger-dirty-batches.sql, whose
  // rule 0017-ledger-node-holder-sets.sql keeps for the readers).
  const { rows: drawn } = await tx.query<{ version: bigint }>(`select nextval('ledger_dirty_sequence') as version`);
  const version = drawn[0]!.version;
  const finishedIds = finished.map((mark) => mark.node_id);
  const { state, books } = await loadBookedState(tx, [...batchIds, ...finishedIds], {
    direction: 'forward',
    containers: true,
  });
  const { readers, sumChanges } = await writeBatchFigures(tx, state, batchIds);
  await writeHolderSets(tx, readers, version);
  await writeAnomalies(tx, state, books, finishedIds);
  await removeUnrenewedMarks(
    tx,
    'ledger_dirty_batches',
    'batch_id',
    batchMarks.map((mark) => [mark.batch_id, mark.marked_seq]),
  );
  await removeUnrenewedMarks(
    tx,
    'ledger_dirty_nodes',
    'node_id',
    finished.map((mark) => [mark.node_id, mark.marked_seq]),
  );
  const feedSettled = finishing ? await settleFeed(tx) : 0;
  await addFigureSumChanges(tx, sumChanges);
  return { nodes: finished.length, batches: batchIds.length, feedSettled };
}

/**
 * Claims (row locks, skipping marks another refresh holds) the oldest `limit` batch marks and, with them, the marks of
 * the batches pooled with those in a run (up to `limit` more), so that a pool's batches are recomputed together.
 * Batch marks are numbered in batch id order within a lookup and mostly in collection order across lookups, so the
 * batches of one sorting run, collected over days and interleaved with other centres' batches, used to fall into two
 * or more refreshes, and each of those loaded and computed the pool's whole forward graph and wrote its nodes' readers:
 * at 1,000,000 generated events the refreshes of a catch-up visited 1.65 nodes per node below the batches, against
 * 1.20 when pools are taken together (the rest is processing runs that mix lots of several pools). Any set of marks may
 * be claimed: each is recomputed from facts read after the claim, and the finishing rule counts the marks left.
 */
async function claimBatchMarks(tx: Queryable, limit: number): Promise<{ batch_id: string; marked_seq: bigint }[]> {
  const { rows } = await tx.query<{ batch_id: string; marked_seq: bigint }>(
    `with oldest as (
       select batch_id, marked_seq from ledger_dirty_batches
        order by marked_seq, batch_id limit $1
          for update skip locked
     ),
     -- Each run's members and each member's mark are looked up by key (lateral subqueries the planner keeps as
     -- they are): joined whole, the planner scanned all of ledger_run_nodes, or walked the backlog's marks in order.
     pool as materialized (
       select distinct member.node_id
         from oldest o
         join ledger_run_nodes own on own.node_id = o.batch_id and own.role = 'input'
        cross join lateral (
          select m.node_id from ledger_run_nodes m where m.event_id = own.event_id and m.role = 'input' offset 0
        ) as member
        where member.node_id not in (select batch_id from oldest)
     ),
     pooled as (
       select claimed.batch_id, claimed.marked_seq
         from pool p
        cross join lateral (
          select d.batch_id, d.marked_seq from ledger_dirty_batches d where d.batch_id = p.node_id
             for update skip locked
        ) as claimed
        limit $1
     )
     select batch_id, marked_seq from oldest
     union all
     select batch_id, marked_seq from pooled`,
    [limit],
  );
  return rows;
}

/**
 * The lookup share (0 to LOOKUP_SHARES - 1) of the node id in SQL expression `nodeId`: a hash, so each share holds
 * about as many marks. Exported for tests, which must split nodes as the refresh does.
 */
export function lookupShareSql(nodeId: string): string {
  return `(hashtext(${nodeId}) & 2147483647) % ${LOOKUP_SHARES}`;
}

/**
 * Step 1: marks the batches above the oldest node marks of one lookup share not yet looked up (`limit` at most; a
 * batch already marked keeps its number), writes those nodes' books (node-book.ts), and records on each node mark
 * the number it was looked up at and a number drawn after the batch marks. Node marks are locked in byte order
 * (collate "C") in the last statement, as the apply transaction marks them, so the two cannot deadlock; a mark renewed meanwhile keeps a different number and is looked
 * up again next time (its book is not used until then). Answers how many marks it took.
 */
async function markBatchesOfDirtyNodes(tx: Queryable, limit: number, share: number, stepSize: number): Promise<number> {
  const { rows: marks } = await tx.query<{ node_id: string; marked_seq: bigint }>(
    `select node_id, marked_seq from ledger_dirty_nodes
      where converted_seq is distinct from marked_seq and ${lookupShareSql('node_id')} = $2
      order by marked_seq, node_id limit $1`,
    [limit, share],
  );
  if (marks.length === 0) return 0;
  const batchIds = new Set<string>();
  for (let start = 0; start < marks.length; start += stepSize) {
    const step = marks.slice(start, start + stepSize).map((mark) => mark.node_id);
    for (const batchId of await ancestorBatchesOf(tx, step)) batchIds.add(batchId);
    await writeNodeBooks(tx, step);
  }
  // A batch already marked keeps its mark, but its row is locked all the same (`do update ... where false` locks the
  // row it finds and writes nothing): a mark claimed by a refresh is waited for, and if that refresh removes it, a
  // new one is written. Setting the number to itself did the same and wrote a new row version for every batch a
  // lookup reached again, half a million dead rows in the figures from nothing at 1,000,000 generated events.
  await tx.query(
    `insert into ledger_dirty_batches (batch_id, marked_seq)
     select batch_id, nextval('ledger_dirty_sequence')
       from (select batch_id from unnest($1::text[]) as batch_id order by batch_id collate "C") as sorted
     on conflict (batch_id) do update set marked_seq = ledger_dirty_batches.marked_seq where false`,
    [[...batchIds]],
  );
  // After the batch marks: see conversion_seq (0009-ledger-dirty-batches.sql).
  const { rows: drawn } = await tx.query<{ conversion: bigint }>(
    `select nextval('ledger_dirty_sequence') as conversion`,
  );
  await tx.query(
    `with looked_up as (
       select d.node_id, d.marked_seq
         from ledger_dirty_nodes d
         join unnest($1::text[], $2::bigint[]) as x(node_id, marked_seq)
           on d.node_id = x.node_id and d.marked_seq = x.marked_seq
        order by d.node_id collate "C"
          for update of d
     )
     update ledger_dirty_nodes d set converted_seq = looked_up.marked_seq, conversion_seq = $3
       from looked_up where d.node_id = looked_up.node_id`,
    [marks.map((mark) => mark.node_id), marks.map((mark) => mark.marked_seq.toString()), drawn[0]!.conversion],
  );
  return marks.length;
}

/**
 * The node marks (oldest conversion first, up to `limit`) that are done once `batchIds` are recomputed: no other
 * batch mark numbered below the node's conversion is left (see conversion_seq in 0009-ledger-dirty-batches.sql).
 * One index lookup instead of a walk up each node's ancestry; the price is that marks finish in conversion order, so
 * one slow batch holds back the marks converted after it.
 */
async function nodeMarksFinishedBy(
  tx: Queryable,
  batchIds: readonly string[],
  limit: number,
): Promise<{ node_id: string; marked_seq: bigint }[]> {
  const { rows } = await tx.query<{ node_id: string; marked_seq: bigint }>(
    `select node_id, marked_seq from ledger_dirty_nodes
      where converted_seq = marked_seq
        and conversion_seq < coalesce(
              (select min(marked_seq) from ledger_dirty_batches where batch_id <> all($1::text[])),
              9223372036854775807)
      order by conversion_seq, node_id limit $2`,
    [batchIds, limit],
  );
  return rows.sort((a, b) => (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : 0));
}

/** Removes the marks of `taken` ([id, sequence number]) that were not renewed, locking them in byte order. */
async function removeUnrenewedMarks(
  tx: Queryable,
  table: 'ledger_dirty_nodes' | 'ledger_dirty_batches',
  idColumn: 'node_id' | 'batch_id',
  taken: readonly (readonly [string, bigint])[],
): Promise<void> {
  if (taken.length === 0) return;
  await tx.query(
    `with done as (
       select d.${idColumn} as id
         from ${table} d
         join unnest($1::text[], $2::bigint[]) as x(id, marked_seq)
           on d.${idColumn} = x.id and d.marked_seq = x.marked_seq
        order by d.${idColumn} collate "C"
          for update of d
     )
     delete from ${table} d using done where d.${idColumn} = done.id`,
    [taken.map(([id]) => id), taken.map(([, seq]) => seq.toString())],
  );
}

/** Feed events looked at per statement while moving the feed's settled position, and settled at most per refresh. */
const FEED_SETTLE_CHUNK = 500;
const FEED_SETTLE_MOST = 5_000;

/**
 * Moves the feed's settled position (`ledger_feed_settled`) past the events none of whose nodes waits for the
 * refresher any more: their readers are known, so they may be delivered. The events a rebuild's swap carried over
 * without their fact (`ledger_feed_awaiting_facts`, swap-schemas.ts) wait too, until the consumers apply them to the
 * rebuilt tables: settled, they would be left out of every page, as readers join the facts. With nothing waiting,
 * that is up to the head, in one statement: so once nothing is pending, the feed is settled. Otherwise it moves over
 * the events after it up to the first that still waits, in chunks of FEED_SETTLE_CHUNK and at most FEED_SETTLE_MOST
 * a refresh: the feed is delivered up to its first unsettled event (read-feed-page.ts), so a later event settled
 * early would show nobody anything sooner. Positions are handed out under the head's row lock and committed in order,
 * so the events this statement sees after the settled position are a gap-free run from it. Looking at every
 * unsettled event made each refresh scan the whole backlog as the ledger caught up (128 ms a refresh at 100,000
 * events, growing with the backlog), and looking at the oldest 5,000 still cost about 150 ms a refresh at 300,000
 * events while the head waited, where one chunk costs a few. Answers how many events it settled.
 */
async function settleFeed(tx: Queryable): Promise<number> {
  // Events a swap carried over without their fact stop waiting once it is stored.
  await tx.query(
    `delete from ledger_feed_awaiting_facts a
      where exists (select 1 from ledger_facts stored where stored.event_id = a.event_id)`,
  );
  // One statement, one snapshot: an event committed with its nodes' marks is either invisible here (and so is the
  // head that counts it) or comes with marks that keep the condition false.
  const { rows: all } = await tx.query<{ settled: bigint }>(
    `with before as (select position from ledger_feed_settled),
     moved as (
       update ledger_feed_settled s set position = h.position
         from ledger_feed_head h
        where h.position > s.position
          and not exists (select 1 from ledger_dirty_nodes)
          and not exists (select 1 from ledger_feed_awaiting_facts)
       returning s.position
     )
     select coalesce((select position from moved) - (select position from before), 0) as settled`,
  );
  const everything = Number(all[0]?.settled ?? 0n);
  if (everything > 0) return everything;
  let settled = 0;
  while (settled < FEED_SETTLE_MOST) {
    const { rows } = await tx.query<{ settled: bigint }>(
      `with next as (
         select f.position, f.node_ids
           from ledger_feed f
          where f.position > (select position from ledger_feed_settled)
          order by f.position
          limit $1
       ),
       waiting as (
         select min(n.position) as position from next n
          where exists (select 1 from ledger_dirty_nodes d where d.node_id = any(n.node_ids))
             or exists (select 1 from ledger_feed_awaiting_facts a where a.position = n.position)
       ),
       ready as (
         select max(n.position) as position, count(*) as events from next n
          where n.position < coalesce((select position from waiting), 9223372036854775807)
       ),
       moved as (
         update ledger_feed_settled s set position = ready.position
           from ready
          where ready.events > 0 and ready.position > s.position
         returning 1
       )
       select ready.events as settled from ready`,
      [FEED_SETTLE_CHUNK],
    );
    const chunk = Number(rows[0]?.settled ?? 0n);
    settled += chunk;
    // Short of a whole chunk: an event that waits, or the end of the feed.
    if (chunk < FEED_SETTLE_CHUNK) break;
  }
  return settled;
}

/**
 * Works off every dirty mark; resolves once none is left (marks added meanwhile included), when it is the only
 * refresher.
 */
export async function refreshUntilSettled(db: Db, options: FigureRefreshOptions = {}): Promise<void> {
  const analyzeIfGrown = analyzeGrownTablesEvery(db, 2_000);
  for (;;) {
    await analyzeIfGrown();
    const result = await refreshDerivedFigures(db, options);
    if (result.busy) {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_BUSY_PAUSE_MS));
      continue;
    }
    if (result.nodes === 0 && result.batches === 0 && result.feedSettled === 0 && result.lookedUp === 0) return;
  }
}

/** How many nodes wait for their figures to be refreshed. */
export async function countDirtyNodes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ count: bigint }>(`select count(*) as count from ledger_dirty_nodes`);
  return Number(rows[0]?.count ?? 0n);
}

/** The node marks, those of them not looked up yet, and the batch marks: one snapshot, one statement. */
export async function countFigureBacklog(db: Queryable): Promise<FigureBacklog> {
  const { rows } = await db.query<{ nodes: bigint; lookups: bigint; batches: bigint }>(
    `select count(*) as nodes, count(*) filter (where converted_seq is distinct from marked_seq) as lookups,
            (select count(*) from ledger_dirty_batches) as batches
       from ledger_dirty_nodes`,
  );
  const row = rows[0];
  return {
    derivedPending: Number(row?.nodes ?? 0n),
    lookupsPending: Number(row?.lookups ?? 0n),
    batchesPending: Number(row?.batches ?? 0n),
  };
}

/**
 * The batches among `nodeIds` and their ancestors through runs, sorted.
 *
 * Each step up and the batch test are subqueries the planner may not merge into the walk (`offset 0`): with the
 * thousand nodes of a lookup step it expected ten thousand rows per step and hashed all of `ledger_run_nodes` (and
 * `ledger_collected_nodes`) once per step, 250-450 ms a call at 300,000 events and growing with the tables, where
 * following the indexes from the nodes at hand takes under 10 ms.
 */
async function ancestorBatchesOf(tx: Queryable, nodeIds: readonly string[]): Promise<string[]> {
  const { rows } = await tx.query<{ batch_id: string }>(
    `with recursive up(node_id) as (
       select unnest($1::text[])
       union
       select parent.node_id
         from up
        cross join lateral (
          select input.node_id
            from ledger_run_nodes output
            join ledger_run_nodes input on input.event_id = output.event_id and input.role = 'input'
           where output.node_id = up.node_id and output.role = 'output'
          offset 0
        ) as parent
     )
     select up.node_id as batch_id
       from up
      where exists (select 1 from ledger_collected_nodes c where c.node_id = up.node_id offset 0)
      order by 1`,
    [nodeIds],
  );
  return rows.map((row) => row.batch_id);
}

/**
 * Writes the per-batch figures of `batchIds`, with the nodes each batch reaches; answers the readers of every node
 * below them (written by writeHolderSets), and what the rewrite changes in the day and month sums and the nodes'
 * municipality counts (added last in the transaction: addFigureSumChanges).
 */
async function writeBatchFigures(
  tx: Queryable,
  state: LedgerState,
  batchIds: readonly string[],
): Promise<{ readonly readers: Map<string, ReadonlySet<string>>; readonly sumChanges: FigureSumChanges }> {
  const shares = forwardSharesIn(state);
  // Who may read the nodes below the batches: each node's holders-below, complete because the state holds the forward
  // graph of every node it visited, and each batch's reach (with its municipality, ledger_node_municipalities). A
  // node with no batch above it has no rows here; reads fall back to its own facts (ownReadersOf).
  const readers = new Map<string, ReadonlySet<string>>();
  const reached = new RowColumns<[string, string, string]>(3);
  const traces = traceNodesForward(state, batchIds, shares);
  // Columns as in the statements below.
  const batches = new RowColumns<[string, string, string, string | null, string, string]>(6);
  const outcomes = new RowColumns<[string, string, string, string, string, string | null, string]>(7);
  const stock = new RowColumns<[string, string, string, string, string, string, string, string]>(8);
  const fractions = new RowColumns<[string, string, string, string, string, string, string | null, string]>(8);
  for (const [batchId, trace] of traces) {
    const account = accountNode(state, batchId);
    const creation = account.creation;
    // A node first created by a run and only later claimed by a BatchCollected is a lot, not a batch.
    if (creation?.kind !== 'batch') continue;
    const collectedAt = creation.fact.collectedAt.toISOString();
    const centreId = firstCentreOf(account) ?? null;
    const below = downstreamReadersFrom(state, batchId);
    for (const [nodeId, nodeReaders] of below) {
      readers.set(nodeId, nodeReaders);
      reached.add(batchId, nodeId, creation.municipality);
    }
    batches.add(batchId, creation.containerId, creation.municipality, centreId, collectedAt, creation.grams.toString());
    for (const { outcome, grams } of trace.outcomes) {
      if (grams > 0n)
        outcomes.add(
          batchId,
          outcome,
          grams.toString(),
          creation.municipality,
          creation.containerId,
          centreId,
          collectedAt,
        );
    }
    for (const line of trace.stock) {
      stock.add(
        batchId,
        line.nodeId,
        holderKeyOf(line.holder),
        JSON.stringify(line.holder),
        line.grams.toString(),
        creation.municipality,
        creation.containerId,
        collectedAt,
      );
    }
    for (const { fraction, outcome, storeId, grams } of fractionOutcomesOf(batchId, trace, shares)) {
      fractions.add(
        batchId,
        fraction,
        outcome,
        storeId,
        grams.toString(),
        creation.municipality,
        centreId,
        collectedAt,
      );
    }
  }
  const [, , batchMunicipality, batchCentre, batchCollectedAt, batchGrams] = batches.columns();
  const [reachedBatch, reachedNode, reachedMunicipality] = reached.columns();
  const [outcomeBatch, outcome, outcomeGrams, outcomeMunicipality, , outcomeCentre, outcomeCollectedAt] =
    outcomes.columns();
  const [
    gradeBatch,
    fraction,
    fractionOutcome,
    storeId,
    fractionGrams,
    fractionMunicipality,
    fractionCentre,
    fractionCollectedAt,
  ] = fractions.columns();
  const sumChanges = await figureSumChangesOf(tx, batchIds, {
    batches: {
      municipality: batchMunicipality,
      centreId: batchCentre,
      collectedAt: batchCollectedAt,
      grams: batchGrams,
    },
    outcomes: {
      municipality: outcomeMunicipality,
      centreId: outcomeCentre,
      collectedAt: outcomeCollectedAt,
      outcome,
      grams: outcomeGrams,
    },
    fractions: {
      municipality: fractionMunicipality,
      centreId: fractionCentre,
      collectedAt: fractionCollectedAt,
      fraction,
      outcome: fractionOutcome,
      storeId,
      grams: fractionGrams,
    },
    reaches: { nodeId: reachedNode, municipality: reachedMunicipality },
  });
  // Each table is brought to the fresh rows in one statement: rows no longer there are deleted, new ones inserted,
  // and a row is rewritten only if it changed. Most do not (a sale moves grams between two outcomes of each batch
  // above it, and leaves its stock lines below other nodes as they were), and an unchanged row then costs no write
  // and no index entry. A batch's outcomes and grade rows (0018-ledger-batch-figure-arrays.sql) and the nodes it
  // reaches (0019-ledger-node-municipalities.sql) are arrays in its row, gathered here per batch in byte order.
  const ids = [...batchIds];
  await tx.query(
    `with fresh_outcomes as (
       select batch_id,
              array_agg(outcome order by outcome collate "C") as outcomes,
              array_agg(grams order by outcome collate "C") as outcome_grams
         from unnest($8::text[], $9::text[], $10::bigint[]) as o(batch_id, outcome, grams)
        group by batch_id
     ),
     fresh_grades as (
       select batch_id,
              array_agg(fraction order by fraction collate "C", outcome collate "C", store_id collate "C")
                as grade_fractions,
              array_agg(outcome order by fraction collate "C", outcome collate "C", store_id collate "C")
                as grade_outcomes,
              array_agg(store_id order by fraction collate "C", outcome collate "C", store_id collate "C")
                as grade_stores,
              array_agg(grams order by fraction collate "C", outcome collate "C", store_id collate "C") as grade_grams
         from unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[])
           as g(batch_id, fraction, outcome, store_id, grams)
        group by batch_id
     ),
     fresh_reach as (
       select batch_id, array_agg(node_id order by node_id collate "C") as reach
         from unnest($16::text[], $17::text[]) as r(batch_id, node_id)
        group by batch_id
     ),
     fresh as (
       select x.batch_id, x.container_id, x.municipality, x.centre_id, x.collected_at, x.grams,
              coalesce(o.outcomes, '{}') as outcomes, coalesce(o.outcome_grams, '{}') as outcome_grams,
              coalesce(g.grade_fractions, '{}') as grade_fractions, coalesce(g.grade_outcomes, '{}') as grade_outcomes,
              coalesce(g.grade_stores, '{}') as grade_stores, coalesce(g.grade_grams, '{}') as grade_grams,
              coalesce(r.reach, '{}') as reach
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[])
                as x(batch_id, container_id, municipality, centre_id, collected_at, grams)
         left join fresh_outcomes o on o.batch_id = x.batch_id
         left join fresh_grades g on g.batch_id = x.batch_id
         left join fresh_reach r on r.batch_id = x.batch_id
     ),
     gone as (
       delete from ledger_batches b
        where b.batch_id = any($1::text[]) and not exists (select 1 from fresh f where f.batch_id = b.batch_id)
     )
     insert into ledger_batches as b (batch_id, container_id, municipality, centre_id, collected_at, grams, outcomes,
                                      outcome_grams, grade_fractions, grade_outcomes, grade_stores, grade_grams, reach)
     select * from fresh
     on conflict (batch_id) do update
       set container_id = excluded.container_id, municipality = excluded.municipality, centre_id = excluded.centre_id,
           collected_at = excluded.collected_at, grams = excluded.grams, outcomes = excluded.outcomes,
           outcome_grams = excluded.outcome_grams, grade_fractions = excluded.grade_fractions,
           grade_outcomes = excluded.grade_outcomes, grade_stores = excluded.grade_stores,
           grade_grams = excluded.grade_grams, reach = excluded.reach
       where (b.container_id, b.municipality, b.centre_id, b.collected_at, b.grams, b.outcomes, b.outcome_grams,
              b.grade_fractions, b.grade_outcomes, b.grade_stores, b.grade_grams, b.reach)
             is distinct from
             (excluded.container_id, excluded.municipality, excluded.centre_id, excluded.collected_at, excluded.grams,
              excluded.outcomes, excluded.outcome_grams, excluded.grade_fractions, excluded.grade_outcomes,
              excluded.grade_stores, excluded.grade_grams, excluded.reach)`,
    [
      ids,
      ...batches.columns(),
      outcomeBatch,
      outcome,
      outcomeGrams,
      gradeBatch,
      fraction,
      fractionOutcome,
      storeId,
      fractionGrams,
      reachedBatch,
      reachedNode,
    ],
  );
  await tx.query(
    `with fresh as (
       select * from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[], $7::text[], $8::text[], $9::timestamptz[])
         as x(batch_id, node_id, holder_key, holder, grams, municipality, container_id, collected_at)
     ),
     gone as (
       delete from ledger_batch_stock s
        where s.batch_id = any($1::text[])
          and not exists (
            select 1 from fresh f where f.batch_id = s.batch_id and f.node_id = s.node_id and f.holder_key = s.holder_key
          )
     )
     insert into ledger_batch_stock as s (batch_id, node_id, holder_key, holder, grams, municipality, container_id, collected_at)
     select * from fresh
     on conflict (batch_id, node_id, holder_key) do update
       set holder = excluded.holder, grams = excluded.grams, municipality = excluded.municipality,
           container_id = excluded.container_id, collected_at = excluded.collected_at
       where (s.holder, s.grams, s.municipality, s.container_id, s.collected_at)
             is distinct from (excluded.holder, excluded.grams, excluded.municipality, excluded.container_id, excluded.collected_at)`,
    [ids, ...stock.columns()],
  );
  return { readers, sumChanges };
}

/**
 * Writes each node's holders-below (`ledger_node_holder_sets`: its readers, sorted, and this refresh's number) unless
 * a refresh with a larger number wrote them. One upsert that locks the nodes' rows in byte order and keeps them locked
 * to the commit, so a newer refresh waits and then overwrites, and two refreshes never hold one another's next row; it
 * moves the number on even where the readers are unchanged, so that an older refresh committing later cannot put back
 * what it computed.
 */
async function writeHolderSets(
  tx: Queryable,
  holdersByNode: ReadonlyMap<string, ReadonlySet<string>>,
  version: bigint,
): Promise<void> {
  if (holdersByNode.size === 0) return;
  const holders = new RowColumns<[string, string]>(2);
  for (const [nodeId, readers] of holdersByNode) for (const reader of readers) holders.add(nodeId, reader);
  await tx.query(
    `with fresh as (
       select n.node_id,
              coalesce(array_agg(h.reader order by h.reader collate "C") filter (where h.reader is not null), '{}')
                as readers
         from unnest($1::text[]) as n(node_id)
         left join unnest($2::text[], $3::text[]) as h(node_id, reader) on h.node_id = n.node_id
        group by n.node_id
     )
     insert into ledger_node_holder_sets as s (node_id, readers, computed_seq)
     select node_id, readers, $4::bigint from fresh order by node_id collate "C"
     on conflict (node_id) do update set readers = excluded.readers, computed_seq = excluded.computed_seq
       where s.computed_seq < excluded.computed_seq`,
    [[...holdersByNode.keys()], ...holders.columns(), version.toString()],
  );
}

/**
 * Replaces the anomalies filed under `nodeIds` with the core's current ones. An anomaly still open keeps the time it was
 * first detected; one that no longer holds is deleted. Only the refresh that holds the finishing lock writes anomalies,
 * and it holds it from before it draws its number to its commit, so anomalies are written in number order without the
 * version rows readers need (a node's readers are written by every refresh that reaches it).
 */
async function writeAnomalies(
  tx: Queryable,
  state: LedgerState,
  books: ReadonlyMap<string, NodeBook>,
  nodeIds: readonly string[],
): Promise<void> {
  const wanted = new Set(nodeIds);
  // What a node's own facts tell is in its book, or else told by the facts loaded in its stead; cycles take the graph.
  const unbooked = new Set([...wanted].filter((nodeId) => !books.has(nodeId)));
  const anomalies = [
    ...[...wanted].flatMap((nodeId) => books.get(nodeId)?.anomalies ?? []),
    ...(unbooked.size > 0 ? factAnomaliesIn(state, unbooked) : []),
    ...cycleAnomaliesIn(state).filter((anomaly) => wanted.has(anomaly.nodeId)),
  ];
  const rows = anomalies.map((anomaly) => ({
    node_id: anomaly.nodeId,
    anomaly_key: anomalyKeyOf(anomaly),
    kind: anomaly.kind,
    holder: anomaly.holder ?? null,
    grams: anomaly.grams.toString(),
    message: anomaly.message,
    event_ids: anomaly.eventIds,
  }));
  await tx.query(
    `with fresh as (
       select * from jsonb_to_recordset($2::jsonb)
         as x(node_id text, anomaly_key text, kind text, holder jsonb, grams bigint, message text, event_ids text[])
     ),
     gone as (
       delete from ledger_anomalies a
        where a.node_id = any($1::text[])
          and not exists (select 1 from fresh f where f.node_id = a.node_id and f.anomaly_key = a.anomaly_key)
     )
     insert into ledger_anomalies (node_id, anomaly_key, kind, holder, grams, message, event_ids)
     select node_id, anomaly_key, kind, holder, grams, message, event_ids from fresh
     on conflict (node_id, anomaly_key) do update
       set grams = excluded.grams, message = excluded.message, holder = excluded.holder`,
    [[...wanted], JSON.stringify(rows)],
  );
}

/** What identifies one anomaly over time: its kind, holder and events (its grams and words may change). */
function anomalyKeyOf(anomaly: Anomaly): string {
  const identity = canonicalJson([
    anomaly.kind,
    anomaly.holder === undefined ? null : holderKeyOf(anomaly.holder),
    anomaly.eventIds,
  ]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
