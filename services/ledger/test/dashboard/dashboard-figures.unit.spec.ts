import { describe, expect, it } from 'vitest';
import { catchingUpText } from '../../dashboard/catching-up-text.js';
import { sankeyOf, sankeyOptionOf } from '../../dashboard/flows-sankey.js';
import { kilogramsText, percentText } from '../../dashboard/kilograms.js';
import { municipalityLabelsOf } from '../../dashboard/municipality-names.js';
import { periodFrom, periodQuery, reportingYearOf } from '../../dashboard/period.js';

// The dashboard's pure parts, as the browser runs them: what it draws must be the ledger's figures, unchanged.
describe('the Sankey diagram of the flows', () => {
  const flows = [
    { municipality: 'GM0150', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'reuse.sold', grams: 700 },
    { municipality: 'GM0150', centreId: 'DEV', outcome: 'stock', grams: 300 },
    { municipality: 'GM0014', centreId: 'DEV', fraction: 'reuse.creme', outcome: 'reuse.sold', grams: 50 },
    { municipality: 'GM0014', outcome: 'stock', grams: 25 },
    { municipality: 'GM0014', centreId: 'SNK', outcome: 'loss', grams: 0 },
  ];

  it('has one node per municipality, centre, fraction and outcome, and every node passes on what it receives', () => {
    const { nodes, links } = sankeyOf(flows);
    expect(nodes.map((node) => node.name).sort()).toEqual([
      'centre:DEV',
      'centre:not yet at a centre',
      'fraction:not sorted',
      'fraction:reuse.creme',
      'municipality:GM0014',
      'municipality:GM0150',
      'outcome:reuse.sold',
      'outcome:stock',
    ]);
    const into = (name: string) =>
      links.filter((link) => link.target === name).reduce((sum, link) => sum + link.value, 0);
    const outOf = (name: string) =>
      links.filter((link) => link.source === name).reduce((sum, link) => sum + link.value, 0);
    expect(outOf('municipality:GM0150')).toBe(1_000);
    expect([into('centre:DEV'), outOf('centre:DEV')]).toEqual([1_050, 1_050]);
    expect([into('fraction:reuse.creme'), outOf('fraction:reuse.creme')]).toEqual([750, 750]);
    expect([into('fraction:not sorted'), outOf('fraction:not sorted')]).toEqual([325, 325]);
    expect(into('outcome:reuse.sold')).toBe(750);
    expect(into('outcome:stock')).toBe(325);
    expect(nodes.find((node) => node.name === 'outcome:reuse.sold')).toMatchObject({
      label: 'Reuse: sold in stores',
      grams: 750,
    });
  });

  it('keeps a centre, a fraction and an outcome of the same name apart', () => {
    const { nodes } = sankeyOf([{ municipality: 'GM0150', centreId: 'stock', outcome: 'stock', grams: 1 }]);
    expect(nodes.map((node) => node.name)).toEqual([
      'municipality:GM0150',
      'centre:stock',
      'fraction:not sorted',
      'outcome:stock',
    ]);
  });
});

describe("names from the chain's events in a tooltip (written as HTML by ECharts)", () => {
  it('are escaped, so a centre id cannot carry markup', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const option = sankeyOptionOf([
      { municipality: 'GM0150', centreId: hostile, outcome: 'stock', grams: 1 },
    ]) as unknown as {
      tooltip: { formatter: (item: object) => string };
    };
    const node = option.tooltip.formatter({ dataType: 'node', name: `centre:${hostile}`, value: 1 });
    const edge = option.tooltip.formatter({
      dataType: 'edge',
      data: { source: 'municipality:GM0150', target: `centre:${hostile}`, value: 1 },
    });
    for (const html of [node, edge]) {
      expect(html).not.toContain('<img');
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    }
  });
});

describe('figures as people read them', () => {
  it('writes grams as exact kilograms, without floating point', () => {
    expect(kilogramsText(102_224_210)).toBe('102,224.210 kg');
    expect(kilogramsText(9_007_199_254_740_993n)).toBe('9,007,199,254,740.993 kg');
    expect(kilogramsText(5)).toBe('0.005 kg');
    expect(kilogramsText(-1_500)).toBe('-1.500 kg');
    expect(kilogramsText(2_000)).toBe('2 kg');
  });

  it('gives shares with one decimal, and no share of nothing', () => {
    expect(percentText(1, 3)).toBe('33.3 %');
    expect(percentText(0, 0)).toBe('–');
  });
});

describe('the period', () => {
  it('is the current year by default, with the end date included', () => {
    const period = periodFrom(new URLSearchParams(''), new Date('2026-11-23T10:00:00Z'));
    expect(period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    // Calendar dates: the ledger reads them as days in the chain's time zone, the end excluded.
    expect(periodQuery(period)).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(reportingYearOf(period)).toBe(2026);
  });

  it('takes dates from the URL and ignores what is no date', () => {
    const period = periodFrom(new URLSearchParams('from=2026-02-01&to=not-a-date'), new Date('2025-05-05T00:00:00Z'));
    expect(period).toEqual({ from: '2026-02-01', to: '2025-12-31' });
    expect(periodQuery({ from: '2026-02-01', to: '2026-02-28' }).to).toBe('2026-03-01');
    expect(periodQuery({ from: '2028-02-01', to: '2028-02-28' }).to).toBe('2028-02-29');
  });
});

describe('municipality names', () => {
  const labelOf = municipalityLabelsOf([
    { code: 'GM0150', name: 'Deventer' },
    { code: 'GM0014', name: 'Groningen' },
  ]);

  it('label a code with its name, and leave a code the list lacks as it is', () => {
    expect(labelOf('GM0150')).toBe('Deventer (GM0150)');
    expect(labelOf('GM0999')).toBe('GM0999');
  });

  it('name the Sankey diagram’s municipalities without merging or renaming its nodes', () => {
    const { nodes } = sankeyOf([{ municipality: 'GM0150', centreId: 'DEV', outcome: 'stock', grams: 5 }], labelOf);
    expect(nodes[0]).toEqual({ name: 'municipality:GM0150', label: 'Deventer (GM0150)', colour: '#4a6572', grams: 5 });
  });
});

describe('the note while the ledger catches up', () => {
  const settled = { eventsBehind: 0, derivedPending: 0, lookupsPending: 0, batchesPending: 0 };

  it('is absent once the events are applied and the figures refreshed', () => {
    expect(catchingUpText(settled)).toBeUndefined();
  });

  it("names the events to apply and what is left of each of the refresher's steps", () => {
    expect(catchingUpText({ eventsBehind: 1200, derivedPending: 340, lookupsPending: 40, batchesPending: 2100 })).toBe(
      'The ledger is catching up (1200 events to apply, figures of 340 nodes to refresh: 40 nodes to look up, ' +
        '2100 batches to recompute): reload for the settled figures.',
    );
    expect(catchingUpText({ ...settled, eventsBehind: 5 })).toBe(
      'The ledger is catching up (5 events to apply, figures up to date so far): reload for the settled figures.',
    );
  });
});
