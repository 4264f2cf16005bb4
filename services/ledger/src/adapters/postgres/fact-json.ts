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

/**
 * The fact a stored jsonb value (its text, or the value the driver parsed) stands for. A text is parsed and made into
 * the fact in place, its objects being this call's own: reading facts as text and copying nothing halved the time a
 * figure refresh spent turning rows into facts. A parsed value is left as it was (the feed sends it on as it is) and
 * its copy made into the fact.
 */
export function factFromJson(stored: unknown): LedgerFact {
  const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : structuredClone(stored);
  reviveFields(value);
  return value as LedgerFact;
}

/** Turns the bigint and time fields of the objects in `value` (parsed JSON) into bigints and dates, in place. */
function reviveFields(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) reviveFields(item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const fields = value as Record<string, unknown>;
  for (const key in fields) {
    const inner = fields[key];
    if (typeof inner === 'string') {
      if (bigintFields.has(key)) fields[key] = key === 'revenueCents' ? BigInt(inner) : toGrams(BigInt(inner), key);
      else if (isTimeField(key)) fields[key] = new Date(inner);
    } else if (inner !== null && typeof inner === 'object') {
      reviveFields(inner);
    }
  }
}
