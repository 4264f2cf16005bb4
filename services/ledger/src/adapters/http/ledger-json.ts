import type { LedgerLag, StoredAnomaly } from '../../app/ledger-queries.ts';
import type { ForwardTrace, Kpis, NodeDescription, TraceSource, UpvReport } from '../../domain/index.ts';

/*
 * The ledger's JSON, as DOMAIN.md spells it. Grams are bigints written as JSON integers by the app's replacer;
 * times are ISO 8601 strings.
 */

/** The source of a forward trace as the query named it. */
export function sourceJson(source: TraceSource): object {
  switch (source.kind) {
    case 'node':
      return { node: source.nodeId };
    case 'container':
      return { container: source.containerId, ...periodJson(source.period) };
    case 'municipality':
      return { municipality: source.municipality, ...periodJson(source.period) };
  }
}

export function forwardTraceJson(trace: ForwardTrace): object {
  return { ...trace, source: sourceJson(trace.source) };
}

export function nodeJson(description: NodeDescription): object {
  return {
    node: description.node,
    holders: description.holders,
    history: description.history.map(({ fact, ...entry }) => ({ ...entry, event: fact })),
  };
}

export function kpisJson(kpis: Kpis): object {
  const { scope, ...rest } = kpis;
  return {
    ...rest,
    scope:
      scope.kind === 'chain'
        ? { kind: 'chain' }
        : scope.kind === 'municipality'
          ? { kind: 'municipality', municipality: scope.municipality }
          : { kind: 'centre', centre: scope.centreId },
  };
}

export function anomaliesJson(anomalies: readonly StoredAnomaly[]): object {
  return { anomalies };
}

export function lagJson(lag: LedgerLag): object {
  return { eventsBehind: lag.eventsBehind, derivedPending: lag.derivedPending, topics: lag.partitions };
}

export function upvJson(report: UpvReport): object {
  return report;
}

/**
 * The UPV report as CSV (RFC 4180, header row): one line per indicator, grams as integers, the percentage with
 * two decimals, empty cells for what is not known.
 */
export function upvCsv(report: UpvReport): string {
  const lines = [['year', 'indicator', 'grams', 'base_grams', 'actual_percent', 'target_percent', 'placed_on_market_grams', 'collected_grams']];
  for (const figure of report.figures) {
    lines.push([
      String(report.year),
      figure.indicator,
      figure.grams.toString(),
      figure.baseGrams?.toString() ?? '',
      figure.actualPercent === undefined ? '' : figure.actualPercent.toFixed(2),
      figure.targetPercent === undefined ? '' : String(figure.targetPercent),
      report.placedOnMarketGrams?.toString() ?? '',
      report.collectedGrams.toString(),
    ]);
  }
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function periodJson(period: { readonly from?: Date; readonly to?: Date } | undefined): object {
  return {
    ...(period?.from === undefined ? {} : { from: period.from.toISOString() }),
    ...(period?.to === undefined ? {} : { to: period.to.toISOString() }),
  };
}
