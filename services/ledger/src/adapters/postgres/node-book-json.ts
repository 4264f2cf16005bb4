import { toGrams } from '@vezel/grams';
import type { NodeBook } from '../../domain/index.ts';

/*
 * A NodeBook as the JSON stored in `ledger_node_books.book`, and back. Grams are decimal strings (JSON has no
 * bigint): a creation's, a sink's, an anomaly's and a balance's `grams`, the last of which may be negative (an
 * overdrawn holder).
 */

/** The JSON text of a book, for a json column (one line: JSON.stringify writes no raw newline). */
export function nodeBookToJson(book: NodeBook): string {
  return JSON.stringify(book, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

type StoredGrams<T> = T extends { readonly grams: bigint } ? Omit<T, 'grams'> & { readonly grams: string } : never;

interface StoredBook {
  readonly creation?: StoredGrams<NonNullable<NodeBook['creation']>>;
  readonly sinks: readonly StoredGrams<NodeBook['sinks'][number]>[];
  readonly balances: readonly StoredGrams<NodeBook['balances'][number]>[];
  readonly readers: readonly string[];
  readonly runIds: readonly string[];
  readonly centreReceiptId?: string;
  readonly anomalies: readonly StoredGrams<NodeBook['anomalies'][number]>[];
}

/** The book a stored json value (parsed by the driver) stands for. */
export function nodeBookFromJson(stored: unknown): NodeBook {
  const { creation, sinks, balances, readers, runIds, centreReceiptId, anomalies } = stored as StoredBook;
  const book: NodeBook = {
    sinks: sinks.map((sink) => ({ ...sink, grams: toGrams(BigInt(sink.grams)) })),
    balances: balances.map((balance) => ({ ...balance, grams: BigInt(balance.grams) })),
    readers,
    runIds,
    ...(centreReceiptId === undefined ? {} : { centreReceiptId }),
    anomalies: anomalies.map((anomaly) => ({ ...anomaly, grams: toGrams(BigInt(anomaly.grams)) })),
  };
  return creation === undefined ? book : { ...book, creation: { ...creation, grams: toGrams(BigInt(creation.grams)) } };
}
