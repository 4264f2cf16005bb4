import type { Queryable } from '@vezel/db';
import { ANOMALY_KINDS, type AnomalyKind } from '../../domain/index.ts';

/**
 * The open anomalies per kind, every kind listed (0 when none of it is open) so a kind that clears reads 0 rather
 * than keeping its last count.
 */
export async function countOpenAnomalies(db: Queryable): Promise<{ kind: AnomalyKind; count: number }[]> {
  const { rows } = await db.query<{ kind: string; count: bigint }>(
    `select kind, count(*) as count from ledger_anomalies group by kind`,
  );
  const counts = new Map(rows.map((row) => [row.kind, Number(row.count)]));
  return ANOMALY_KINDS.map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
}
