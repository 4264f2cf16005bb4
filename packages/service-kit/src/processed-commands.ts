import type { Queryable } from '@vezel/db';
import { fromJsonValue, toJsonValue, type JsonValue } from './json-value.ts';

/**
 * The idempotency table: one row per executed command, written in the command's own transaction, so a command
 * counts as processed exactly when its state change and outbox rows committed.
 */
export const processedCommandsSchemaSql = `
create table if not exists processed_commands (
  command_type text not null,
  command_id text not null,
  body_sha256 text not null,
  result jsonb not null,
  processed_at timestamptz not null default clock_timestamp(),
  primary key (command_type, command_id)
);
`;

/** A command executed before. */
export interface ProcessedCommand {
  readonly bodySha256: string;
  readonly result: unknown;
}

/** The earlier execution of a command, if any. */
export async function findProcessedCommand(
  queryable: Queryable,
  type: string,
  id: string,
): Promise<ProcessedCommand | undefined> {
  const { rows } = await queryable.query<{ body_sha256: string; result: JsonValue | string }>(
    `select body_sha256, result from processed_commands where command_type = $1 and command_id = $2`,
    [type, id],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  // Both adapters parse jsonb; a string would mean a driver configured otherwise.
  const json = typeof row.result === 'string' ? (JSON.parse(row.result) as JsonValue) : row.result;
  return { bodySha256: row.body_sha256, result: fromJsonValue(json) };
}

/** Records a command's execution; a concurrent duplicate fails with a unique violation (23505) and is retried. */
export async function recordProcessedCommand(
  queryable: Queryable,
  command: { readonly type: string; readonly id: string; readonly bodySha256: string; readonly result: unknown },
): Promise<void> {
  await queryable.query(
    `insert into processed_commands (command_type, command_id, body_sha256, result) values ($1, $2, $3, $4::jsonb)`,
    [command.type, command.id, command.bodySha256, JSON.stringify(toJsonValue(command.result, 'result'))],
  );
}
