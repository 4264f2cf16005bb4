import { loadMigrations, sqlStateOf, type Db, type Migration } from '@vezel/db';
import { ConflictError, NotFoundError } from '@vezel/errors';
import type { AccessDirectory, StoredApiKey } from './access-directory.ts';
import type { HolderRef, PartnerKind } from './partner.ts';
import type { Scope } from './scope.ts';

/** The access directory's tables, for `migrate` on a Db opened on the access schema. */
export function loadAccessMigrations(): Promise<Migration[]> {
  return loadMigrations(new URL('../migrations/', import.meta.url));
}

interface KeyRow {
  readonly key_id: string;
  readonly partner_id: string;
  readonly secret_sha256: string;
  readonly scopes: string[];
  readonly label: string;
  readonly created_at: Date;
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
}

const keyColumns = 'key_id, partner_id, secret_sha256, scopes, label, created_at, expires_at, revoked_at';
const keyColumnsOf = (alias: string): string =>
  keyColumns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');

/**
 * The directory in PostgreSQL. Every lookup reads the table: a revoked key stops working on the very next request,
 * in every process, at the cost of one primary-key read per request.
 */
export function createPgAccessDirectory(db: Db): AccessDirectory {
  return {
    async findPartner(partnerId) {
      const { rows } = await db.query<{ partner_id: string; kind: string; name: string }>(
        'select partner_id, kind, name from access_partners where partner_id = $1',
        [partnerId],
      );
      const row = rows[0];
      return row === undefined
        ? undefined
        : { partnerId: row.partner_id, kind: row.kind as PartnerKind, name: row.name };
    },
    async findApiKeyAndPartner(keyId) {
      const { rows } = await db.query<KeyRow & { kind: string; name: string }>(
        `select ${keyColumnsOf('k')}, p.kind, p.name
           from access_api_keys k join access_partners p on p.partner_id = k.partner_id
          where k.key_id = $1`,
        [keyId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        key: keyOf(row),
        partner: { partnerId: row.partner_id, kind: row.kind as PartnerKind, name: row.name },
      };
    },
    async ownerOf(holder) {
      const { rows } = await db.query<{ partner_id: string }>(
        'select partner_id from access_holders where holder_kind = $1 and holder_id = $2',
        [holder.kind, holder.id],
      );
      return rows[0]?.partner_id;
    },
    async savePartner(partner) {
      await db.query(
        `insert into access_partners (partner_id, kind, name) values ($1, $2, $3)
         on conflict (partner_id) do update set name = excluded.name where access_partners.kind = excluded.kind`,
        [partner.partnerId, partner.kind, partner.name],
      );
      const saved = await this.findPartner(partner.partnerId);
      if (saved?.kind !== partner.kind) {
        throw new ConflictError(`partner ${partner.partnerId} exists as a ${saved?.kind}`, { field: 'kind' });
      }
    },
    async listPartners() {
      const { rows } = await db.query<{ partner_id: string; kind: string; name: string }>(
        'select partner_id, kind, name from access_partners order by partner_id',
      );
      return rows.map((row) => ({ partnerId: row.partner_id, kind: row.kind as PartnerKind, name: row.name }));
    },
    async assignHolder(partnerId, holder) {
      try {
        await db.query(
          `insert into access_holders (holder_kind, holder_id, partner_id) values ($1, $2, $3)
           on conflict (holder_kind, holder_id) do nothing`,
          [holder.kind, holder.id, partnerId],
        );
      } catch (error) {
        if (sqlStateOf(error) === '23503') {
          throw new NotFoundError(`no partner ${partnerId}`, { field: 'partnerId' });
        }
        throw error;
      }
      const owner = await this.ownerOf(holder);
      if (owner !== partnerId) {
        throw new ConflictError(`${holder.kind} ${holder.id} belongs to ${owner}`, {
          field: 'id',
          details: { holderKind: holder.kind, holderId: holder.id, partnerId: owner },
        });
      }
    },
    async holdersOf(partnerId) {
      const { rows } = await db.query<{ holder_kind: HolderRef['kind']; holder_id: string }>(
        'select holder_kind, holder_id from access_holders where partner_id = $1 order by holder_kind, holder_id',
        [partnerId],
      );
      return rows.map((row) => ({ kind: row.holder_kind, id: row.holder_id }));
    },
    async saveApiKey(key) {
      try {
        await db.query(`insert into access_api_keys (${keyColumns}) values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          key.keyId,
          key.partnerId,
          key.secretSha256,
          key.scopes,
          key.label,
          key.createdAt,
          key.expiresAt ?? null,
          key.revokedAt ?? null,
        ]);
      } catch (error) {
        if (sqlStateOf(error) === '23503') {
          throw new NotFoundError(`no partner ${key.partnerId}`, { field: 'partnerId' });
        }
        throw error;
      }
    },
    async listApiKeys(partnerId) {
      const { rows } =
        partnerId === undefined
          ? await db.query<KeyRow>(`select ${keyColumns} from access_api_keys order by created_at, key_id`)
          : await db.query<KeyRow>(
              `select ${keyColumns} from access_api_keys where partner_id = $1 order by created_at, key_id`,
              [partnerId],
            );
      return rows.map(keyOf);
    },
    async revokeApiKey(keyId, at) {
      const { rows } = await db.query<{ key_id: string }>(
        `update access_api_keys set revoked_at = coalesce(revoked_at, $2) where key_id = $1 returning key_id`,
        [keyId, at],
      );
      return rows.length > 0;
    },
  };
}

function keyOf(row: KeyRow): StoredApiKey {
  return {
    keyId: row.key_id,
    partnerId: row.partner_id,
    secretSha256: row.secret_sha256,
    scopes: row.scopes as Scope[],
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}
