import type { Db } from '@vezel/db';
import type { RebuildClaim, RebuildClaims } from '../../app/ledger-storage.ts';
import type { RebuildStatus } from '../../app/rebuild-status.ts';

/** The rebuild claim as one row of the live schema (0011-ledger-rebuild-claim.sql, 0012-ledger-rebuild-status.sql). */
export function pgRebuildClaims(db: Db): RebuildClaims {
  return {
    async claim(holder, ttlMs) {
      // The database's clock for both ends of the comparison: processes' clocks may disagree.
      const { rows } = await db.query<{ holder: string }>(
        `insert into ledger_rebuild_claim (holder, expires_at)
         values ($1, clock_timestamp() + $2::bigint * interval '1 millisecond')
         on conflict (one) do update set holder = excluded.holder, expires_at = excluded.expires_at, status = null
           where ledger_rebuild_claim.holder = excluded.holder or ledger_rebuild_claim.expires_at < clock_timestamp()
         returning holder`,
        [holder, ttlMs],
      );
      return rows.length === 1;
    },
    async renew(holder, ttlMs) {
      const { rowCount } = await db.query(
        `update ledger_rebuild_claim set expires_at = clock_timestamp() + $2::bigint * interval '1 millisecond'
          where holder = $1 and expires_at >= clock_timestamp()`,
        [holder, ttlMs],
      );
      return rowCount === 1;
    },
    async report(holder, status) {
      await db.query(
        `update ledger_rebuild_claim set status = $2::jsonb where holder = $1 and expires_at >= clock_timestamp()`,
        [holder, JSON.stringify(status)],
      );
    },
    async finish(holder, status) {
      // Only its own row, or a table without one (swapped-in tables): a process whose claim lapsed while it stalled
      // must not write over a later rebuild's row.
      await db.query(
        `insert into ledger_rebuild_claim (holder, expires_at, status) values ($1, clock_timestamp(), $2::jsonb)
         on conflict (one) do update set expires_at = excluded.expires_at, status = excluded.status
           where ledger_rebuild_claim.holder = excluded.holder`,
        [holder, JSON.stringify(status)],
      );
    },
    async latest() {
      const { rows } = await db.query<{ holder: string; lasting: boolean; status: RebuildStatus | null }>(
        `select holder, expires_at >= clock_timestamp() as lasting, status from ledger_rebuild_claim`,
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const claim: RebuildClaim = { holder: row.holder, lasting: row.lasting };
      return row.status === null ? claim : { ...claim, status: row.status };
    },
  };
}
