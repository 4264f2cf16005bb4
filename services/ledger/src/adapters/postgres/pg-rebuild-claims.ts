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
    async release(holder) {
      await db.query(`delete from ledger_rebuild_claim where holder = $1`, [holder]);
    },
  };
}
