import type { Queryable } from '@vezel/db';

/**
 * The offset of the last event the ledger applied from a (topic, partition), or -1 before the first one: the tables
 * hold nothing of it, so consumption starts at the log's start, not at the group's committed offset (which may be
 * past events these tables never got: fresh tables, or a rebuild's that began before the partition's first event).
 * This is what the consumer seeks after on assignment: the ledger's data, not the broker, says where it stands.
 */
export async function readStoredPosition(db: Queryable, topic: string, partition: number): Promise<bigint> {
  const { rows } = await db.query<{ log_offset: bigint | string }>(
    `select log_offset from ledger_positions where topic = $1 and partition = $2`,
    [topic, partition],
  );
  const stored = rows[0]?.log_offset;
  return stored === undefined ? -1n : BigInt(stored);
}
