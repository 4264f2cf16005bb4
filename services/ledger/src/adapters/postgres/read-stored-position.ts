import type { Queryable } from '@vezel/db';

/**
 * The offset of the last event the ledger applied from a (topic, partition), or undefined before the first one.
 * This is what the consumer seeks after on assignment: the ledger's data, not the broker, says where it stands.
 */
export async function readStoredPosition(db: Queryable, topic: string, partition: number): Promise<bigint | undefined> {
  const { rows } = await db.query<{ log_offset: bigint | string }>(
    `select log_offset from ledger_positions where topic = $1 and partition = $2`,
    [topic, partition],
  );
  const stored = rows[0]?.log_offset;
  return stored === undefined ? undefined : BigInt(stored);
}
