import { describe, expect, it } from 'vitest';
import { factFromJson, factToJson } from '../../src/adapters/postgres/fact-json.ts';
import { itemsSold } from '../domain/ledger-fixtures.ts';
import { scenarioFacts } from '../domain/two-municipalities-scenario.ts';

describe('the stored JSON of a fact', () => {
  it('gives back every fact type unchanged, grams as bigint and times as dates', () => {
    for (const fact of scenarioFacts) {
      expect(factFromJson(JSON.parse(factToJson(fact))), fact.eventId).toEqual(fact);
    }
  });

  it('leaves a parsed value it is given as it was: the feed sends that value on, and JSON cannot carry a bigint', () => {
    for (const fact of scenarioFacts) {
      const parsed: unknown = JSON.parse(factToJson(fact));
      const text = JSON.stringify(parsed);
      expect(factFromJson(parsed), fact.eventId).toEqual(fact);
      expect(JSON.stringify(parsed), fact.eventId).toBe(text);
    }
  });

  it('keeps revenue in cents exact beyond the range of a double', () => {
    const sale = {
      ...itemsSold({ saleId: 'SA-1', storeId: 'ST-1', lotId: 'L-1', grams: 900, at: '2026-02-01T00:00:00Z' }),
      revenueCents: 2n ** 60n + 1n,
    };
    expect(factFromJson(factToJson(sale))).toEqual(sale);
  });
});
