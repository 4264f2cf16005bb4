import { toGrams } from '@vezel/grams';
import type { LedgerFact } from '../../domain/index.ts';

/*
 * A LedgerFact as the JSON stored in `ledger_facts.fact`, and back. JSON has no bigint and no date, so the mapping
 * goes by field name, which the fact types keep uniform: `grams`, `lossGrams` (also inside run inputs and outputs)
 * and `revenueCents` are integers written as decimal strings (exact, and `(fact->>'grams')::bigint` in SQL);
 * every field ending in `At` is a time written as an ISO string. A round-trip unit test over every fact type
 * guards the convention.
 */

const bigintFields = new Set(['grams', 'lossGrams', 'revenueCents']);
const isTimeField = (key: string): boolean => key.endsWith('At');

/** The JSON text of a fact, for a jsonb column. */
export function factToJson(fact: LedgerFact): string {
  return JSON.stringify(fact, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** The fact a stored jsonb value (already parsed by the driver, or its text) stands for. */
export function factFromJson(stored: unknown): LedgerFact {
  const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  return revive(value) as LedgerFact;
}

function revive(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => revive(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, revive(inner, field)]));
  }
  if (typeof value === 'string' && bigintFields.has(key)) {
    return key === 'revenueCents' ? BigInt(value) : toGrams(BigInt(value), key);
  }
  if (typeof value === 'string' && isTimeField(key)) return new Date(value);
  return value;
}
