import { createHash } from 'node:crypto';
import type { Db, Queryable } from '@vezel/db';
import {
  accountNode,
  canonicalJson,
  firstCentreOf,
  holderKeyOf,
  listAnomalies,
  traceNodesForward,
  type Anomaly,
  type LedgerState,
} from '../../domain/index.ts';
import { loadLedgerState } from './load-ledger-state.ts';

/** What one refresh did. */
export interface RefreshResult {
  /** Dirty marks worked off (0: nothing was dirty, or another process was refreshing). */
  readonly nodes: number;
  /** Batches whose figures were recomputed. */
  readonly batches: number;
  /** Whether another refresher held the lock, so this one did nothing. */
  readonly busy: boolean;
}

export interface RefreshOptions {
  /**
   * Dirty marks taken per refresh; their ancestor batches are recomputed together. Default 100: a chunk's forward
   * graphs are loaded and computed in one go, so a larger chunk holds more memory and the event loop longer.
   */
  readonly maxNodes?: number;
}

/**
 * Works off up to `maxNodes` dirty marks (oldest first) in ONE transaction: finds the batches whose forward trace
 * can depend on the marked nodes (their ancestors through runs), loads those batches' forward graph with the
 * marked nodes' own facts, lets the core compute each batch's trace and each marked node's anomalies, replaces
 * their rows, and removes the marks, each only if it was not marked again meanwhile (its sequence number is
 * unchanged). A fact stored while this runs re-marks its nodes, so the next refresh picks it up: the figures
 * converge on the facts whatever the timing, and a crash rolls the whole refresh back with its marks.
 *
 * One refresher at a time per schema (a transaction-level advisory lock): two could otherwise write figures
 * computed from different snapshots in the wrong order.
 */
export async function refreshDerivedFigures(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  const maxNodes = options.maxNodes ?? 100;
  return db.transaction(async (tx) => {
    const { rows: locked } = await tx.query<{ locked: boolean }>(
      `select pg_try_advisory_xact_lock(hashtext(current_schema() || '.ledger-refresh')) as locked`,
    );
    if (locked[0]?.locked !== true) return { nodes: 0, batches: 0, busy: true };

    const { rows: marks } = await tx.query<{ node_id: string; marked_seq: bigint }>(
      `select node_id, marked_seq from ledger_dirty_nodes order by marked_seq, node_id limit $1`,
      [maxNodes],
    );
    if (marks.length === 0) return { nodes: 0, batches: 0, busy: false };
    const dirtyIds = marks.map((mark) => mark.node_id);

    const batchIds = await ancestorBatchesOf(tx, dirtyIds);
    const state = await loadLedgerState(tx, {
      nodes: [...batchIds, ...dirtyIds],
      direction: 'forward',
      containers: dirtyIds,
    });
    await writeBatchFigures(tx, state, batchIds);
    await writeAnomalies(tx, state, dirtyIds);
    // Locked in node order, the order the apply transaction marks in, so the two cannot deadlock; a mark renewed
    // meanwhile fails the sequence check (re-evaluated after the lock) and stays.
    await tx.query(
      `with done as (
         select d.node_id
           from ledger_dirty_nodes d
           join unnest($1::text[], $2::bigint[]) as x(node_id, marked_seq)
             on d.node_id = x.node_id and d.marked_seq = x.marked_seq
          order by d.node_id
            for update of d
       )
       delete from ledger_dirty_nodes d using done where d.node_id = done.node_id`,
      [dirtyIds, marks.map((mark) => mark.marked_seq.toString())],
    );
    return { nodes: marks.length, batches: batchIds.length, busy: false };
  });
}

/** Works off every dirty mark; resolves once none is left (marks added meanwhile included). */
export async function refreshUntilSettled(db: Db, options: RefreshOptions = {}): Promise<void> {
  for (;;) {
    const result = await refreshDerivedFigures(db, options);
    if (result.busy) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (result.nodes === 0) return;
  }
}

/** How many nodes wait for their figures to be refreshed. */
export async function countDirtyNodes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ count: bigint }>(`select count(*) as count from ledger_dirty_nodes`);
  return Number(rows[0]?.count ?? 0n);
}

/** The batches among `nodeIds` and their ancestors through run edges, sorted. */
async function ancestorBatchesOf(tx: Queryable, nodeIds: readonly string[]): Promise<string[]> {
  const { rows } = await tx.query<{ batch_id: string }>(
    `with recursive up(node_id) as (
       select unnest($1::text[])
       union
       select e.input_node from ledger_run_edges e join up on e.output_node = up.node_id
     )
     select distinct k.key as batch_id
       from up
       join ledger_fact_keys k on k.key_kind = 'node' and k.key = up.node_id
       join ledger_facts f on f.event_id = k.event_id and f.type = 'BatchCollected'
      order by 1`,
    [nodeIds],
  );
  return rows.map((row) => row.batch_id);
}

async function writeBatchFigures(tx: Queryable, state: LedgerState, batchIds: readonly string[]): Promise<void> {
  const traces = traceNodesForward(state, batchIds);
  const batches: object[] = [];
  const outcomes: object[] = [];
  const stock: object[] = [];
  for (const [batchId, trace] of traces) {
    const account = accountNode(state, batchId);
    const creation = account.creation;
    // A node first created by a run and only later claimed by a BatchCollected is a lot, not a batch.
    if (creation?.kind !== 'batch') continue;
    const origin = {
      batch_id: batchId,
      municipality: creation.municipality,
      container_id: creation.containerId,
      collected_at: creation.fact.collectedAt.toISOString(),
    };
    batches.push({ ...origin, centre_id: firstCentreOf(account) ?? null, grams: creation.grams.toString() });
    for (const { outcome, grams } of trace.outcomes) {
      if (grams > 0n) outcomes.push({ ...origin, outcome, grams: grams.toString(), centre_id: firstCentreOf(account) ?? null });
    }
    for (const line of trace.stock) {
      stock.push({
        ...origin,
        node_id: line.nodeId,
        holder_key: holderKeyOf(line.holder),
        holder: line.holder,
        grams: line.grams.toString(),
      });
    }
  }
  const ids = [...batchIds];
  await tx.query(`delete from ledger_batch_outcomes where batch_id = any($1::text[])`, [ids]);
  await tx.query(`delete from ledger_batch_stock where batch_id = any($1::text[])`, [ids]);
  await tx.query(`delete from ledger_batches where batch_id = any($1::text[])`, [ids]);
  await tx.query(
    `insert into ledger_batches (batch_id, container_id, municipality, centre_id, collected_at, grams)
     select batch_id, container_id, municipality, centre_id, collected_at, grams
       from jsonb_to_recordset($1::jsonb)
         as x(batch_id text, container_id text, municipality text, centre_id text, collected_at timestamptz, grams bigint)`,
    [JSON.stringify(batches)],
  );
  await tx.query(
    `insert into ledger_batch_outcomes (batch_id, outcome, grams, municipality, container_id, centre_id, collected_at)
     select batch_id, outcome, grams, municipality, container_id, centre_id, collected_at
       from jsonb_to_recordset($1::jsonb)
         as x(batch_id text, outcome text, grams bigint, municipality text, container_id text, centre_id text,
              collected_at timestamptz)`,
    [JSON.stringify(outcomes)],
  );
  await tx.query(
    `insert into ledger_batch_stock (batch_id, node_id, holder_key, holder, grams, municipality, container_id, collected_at)
     select batch_id, node_id, holder_key, holder, grams, municipality, container_id, collected_at
       from jsonb_to_recordset($1::jsonb)
         as x(batch_id text, node_id text, holder_key text, holder jsonb, grams bigint, municipality text,
              container_id text, collected_at timestamptz)`,
    [JSON.stringify(stock)],
  );
}

/**
 * Replaces the anomalies filed under `ids` with the core's current ones. An anomaly still open keeps the time it
 * was first detected; one that no longer holds is deleted.
 */
async function writeAnomalies(tx: Queryable, state: LedgerState, ids: readonly string[]): Promise<void> {
  const wanted = new Set(ids);
  const rows = listAnomalies(state)
    .filter((anomaly) => wanted.has(anomaly.nodeId))
    .map((anomaly) => ({
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
    [[...ids], JSON.stringify(rows)],
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
