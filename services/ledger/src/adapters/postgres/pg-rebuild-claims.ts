import type { Db } from '@vezel/db';
import type { RebuildClaims } from '../../app/ledger-storage.ts';

/** The rebuild claim as one row of the live schema (0011-ledger-rebuild-claim.sql). */
export function pgRebuildClaims(db: Db): RebuildClaims {
  return {
    async claim(holder, ttlMs) {
      // The database's clock for both ends of the comparison: processes' clocks may disagree.
      const { rows } = await db.query<{ holder: string }>(
        `insert into ledger_rebuild_claim (holder, expires_at)
         values ($1, clock_timestamp() + $2::bigint * interval '1 millisecond')
         on conflict (one) do update set holder = excluded.holder, expires_at = excluded.expires_at
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
    async holder() {
      const { rows } = await db.query<{ holder: string }>(
        `select holder from ledger_rebuild_claim where expires_at >= clock_timestamp()`,
      );
      return rows[0]?.holder;
    },
    async release(holder) {
      await db.query(`delete from ledger_rebuild_claim where holder = $1`, [holder]);
    },
  };
}
