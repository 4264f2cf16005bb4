import { containerKeyOf, municipalityKeyOf, nodeKeyOf } from '../../domain/index.ts';

/** A kind of key the core files facts under (index-keys-of.ts). */
export type IndexKeyKind = 'node' | 'container' | 'municipality';

/** A core index key as the (key_kind, key) columns of `ledger_fact_keys`. */
export interface SplitIndexKey {
  readonly key_kind: IndexKeyKind;
  readonly key: string;
}

const prefixes: readonly (readonly [IndexKeyKind, string])[] = [
  ['node', nodeKeyOf('')],
  ['container', containerKeyOf('')],
  ['municipality', municipalityKeyOf('')],
];

/**
 * Splits a core index key (`node:B-1`) into its kind and id. The core builds keys with these prefixes; an id may
 * itself contain `:`, so the split goes by the known prefix, never by the first colon of the whole key.
 */
export function splitIndexKey(indexKey: string): SplitIndexKey {
  for (const [kind, prefix] of prefixes) {
    if (indexKey.startsWith(prefix)) return { key_kind: kind, key: indexKey.slice(prefix.length) };
  }
  throw new RangeError(`not a ledger index key: ${indexKey}`);
}
