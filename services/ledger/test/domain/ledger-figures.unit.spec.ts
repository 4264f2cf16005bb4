import { InvalidInputError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';
import { describe, expect, it } from 'vitest';
import { co2eGramsOf, kpisOf, upvReportOf, type EmissionFactorTable } from '../../src/domain/index.ts';

const totals = (entries: Record<string, number>): Map<string, Grams> =>
  new Map(Object.entries(entries).map(([outcome, grams]) => [outcome, toGrams(BigInt(grams))]));

const factors: EmissionFactorTable = {
  version: 'test-1',
  source: 'test table',
  factors: [
    { outcome: 'reuse.sold', kgCo2ePerKg: '-3.4', source: 's', year: 2024 },
    { outcome: 'disposal.incineration', kgCo2ePerKg: '1.25', source: 's', year: 2023 },
  ],
};

describe('CO2e from a decimal factor', () => {
  it('multiplies exactly and rounds half away from zero', () => {
    expect(co2eGramsOf(1_091n, { kgCo2ePerKg: '-3.4' })).toBe(-3_709n); // -3 709.4
    expect(co2eGramsOf(5n, { kgCo2ePerKg: '-0.1' })).toBe(-1n); // -0.5 -> -1
    expect(co2eGramsOf(5n, { kgCo2ePerKg: '0.1' })).toBe(1n); // 0.5 -> 1
    expect(co2eGramsOf(9_007_199_254_740_993n, { kgCo2ePerKg: '1' })).toBe(9_007_199_254_740_993n);
  });

  it('rejects a factor that is not a plain decimal, naming the field', () => {
    expect(() => co2eGramsOf(1n, { kgCo2ePerKg: '3.4e1' })).toThrow(InvalidInputError);
    expect(() => co2eGramsOf(1n, { kgCo2ePerKg: 'NaN' })).toThrow(/kgCo2ePerKg/);
  });
});

describe('KPIs', () => {
  it('split collected grams over every outcome and add CO2e for outcomes with a factor', () => {
    const kpis = kpisOf(
      { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z'), scope: { kind: 'chain' } },
      totals({
        'reuse.sold': 1_000,
        'reuse.donated': 200,
        'reuse.exported': 300,
        'disposal.incineration': 400,
        stock: 100,
      }),
      factors,
    );
    expect(kpis.collectedGrams).toBe(2_000n);
    expect(kpis.outcomes.reduce((sum, { grams }) => sum + grams, 0n)).toBe(2_000n);
    expect(kpis.outcomes.map(({ outcome }) => outcome).at(-1)).toBe('stock');
    expect(kpis.reuseNetherlandsGrams).toBe(1_200n);
    expect(kpis.reuseAbroadGrams).toBe(300n);
    expect(kpis.emissions.map(({ outcome, co2eGrams }) => [outcome, co2eGrams])).toEqual([
      ['reuse.sold', -3_400n],
      ['disposal.incineration', 500n],
    ]);
    expect(kpis.co2eGrams).toBe(-2_900n);
    expect(kpis.emissionFactors).toEqual({ version: 'test-1', source: 'test table' });
  });
});

describe('the UPV Textiel report', () => {
  const year = totals({
    'reuse.sold': 300,
    'reuse.donated': 100,
    'reuse.exported': 200,
    'recycling.fibre-to-fibre': 50,
    'recycling.open-loop': 100,
    upcycling: 50,
    'disposal.incineration': 150,
    loss: 50,
  });

  it('puts the chain beside the 2025 targets as shares of the market the year before', () => {
    const report = upvReportOf(2026, year, toGrams(3_000n));
    expect(report.collectedGrams).toBe(1_000n);
    expect(report.figures).toEqual([
      { indicator: 'reuse-or-recycling', grams: 800n, baseGrams: 3_000n, actualPercent: 26.67, targetPercent: 50 },
      { indicator: 'reuse', grams: 600n, baseGrams: 3_000n, actualPercent: 20, targetPercent: 20 },
      { indicator: 'reuse-netherlands', grams: 400n, baseGrams: 3_000n, actualPercent: 13.33, targetPercent: 10 },
      { indicator: 'fibre-to-fibre', grams: 50n, baseGrams: 200n, actualPercent: 25, targetPercent: 25 },
    ]);
  });

  it('uses the 2030 targets from 2030, none before 2025, and grams only without a market figure', () => {
    expect(upvReportOf(2030, year, undefined).figures.map((figure) => figure.targetPercent)).toEqual([75, 25, 15, 33]);
    expect(upvReportOf(2024, year, undefined).figures.every((figure) => figure.targetPercent === undefined)).toBe(true);
    expect(upvReportOf(2026, year, undefined).figures[0]).toEqual({
      indicator: 'reuse-or-recycling',
      grams: 800n,
      targetPercent: 50,
    });
  });
});
