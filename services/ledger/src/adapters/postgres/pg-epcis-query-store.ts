import type { Queryable } from '@vezel/db';
import type { EpcisQueryStore, NamedEpcisQuery } from '../../app/epcis-query-store.ts';

/** Named queries one partner may keep. */
export const MAX_NAMED_QUERIES = 50;

interface QueryRow {
  partner_id: string;
  name: string;
  query: Record<string, unknown>;
  created_at: Date;
}

/**
 * Named EPCIS queries. The parameters are kept as the partner gave them and read again with the request reader
 * (`parse`), so a stored query is checked by the same rules as a query string.
 */
export function createPgEpcisQueryStore(
  db: Queryable,
  parse: (parameters: unknown) => NamedEpcisQuery['query'],
): EpcisQueryStore {
  const queryOf = (row: QueryRow): NamedEpcisQuery => ({
    partnerId: row.partner_id,
    name: row.name,
    parameters: row.query,
    query: parse(row.query),
    createdAt: row.created_at,
  });
  return {
    async create(query) {
      // A partner keeps at most MAX_NAMED_QUERIES; past it, or under a name it has, nothing is added.
      const { rowCount } = await db.query(
        `insert into ledger_epcis_queries (partner_id, name, query, created_at)
         select $1, $2, $3, $4
          where (select count(*) from ledger_epcis_queries where partner_id = $1) < ${MAX_NAMED_QUERIES}
         on conflict do nothing`,
        [query.partnerId, query.name, JSON.stringify(query.parameters), query.createdAt],
      );
      return (rowCount ?? 0) > 0;
    },
    async find(partnerId, name) {
      const { rows } = await db.query<QueryRow>(
        `select * from ledger_epcis_queries where partner_id = $1 and name = $2`,
        [partnerId, name],
      );
      return rows[0] === undefined ? undefined : queryOf(rows[0]);
    },
    async list(partnerId) {
      const { rows } = await db.query<QueryRow>(
        `select * from ledger_epcis_queries where partner_id = $1 order by name`,
        [partnerId],
      );
      return rows.map(queryOf);
    },
    async remove(partnerId, name) {
      const { rowCount } = await db.query(`delete from ledger_epcis_queries where partner_id = $1 and name = $2`, [
        partnerId,
        name,
      ]);
      return (rowCount ?? 0) > 0;
    },
  };
}
