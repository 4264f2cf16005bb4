import { DUTCH_MUNICIPALITIES, DUTCH_PROVINCES, MUNICIPALITY_LIST_YEAR, municipalityOf } from '@vezel/municipalities';
import type { FeedStats } from '../../app/feed-hub.ts';
import type { LedgerLag, LocalRegion, StoredAnomaly } from '../../app/ledger-queries.ts';
import type {
  ForwardTrace,
  Kpis,
  NodeDescription,
  RegionalLocalForLocal,
  TraceSource,
  UpvFigure,
  UpvReport,
} from '../../domain/index.ts';

/*
 * The ledger's JSON, as docs/domain.md spells it. Grams are bigints written as JSON integers by the app's replacer;
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

export function nodeJson(description: NodeDescription & { readonly nextHistoryPageToken?: string }): object {
  return {
    node: description.node,
    holders: description.holders,
    history: description.history.map(({ fact: { recordedBy, ...fact }, ...entry }) => ({
      ...entry,
      ...(recordedBy === undefined ? {} : { recordedBy }),
      event: fact,
    })),
    ...(description.nextHistoryPageToken === undefined
      ? {}
      : { nextHistoryPageToken: description.nextHistoryPageToken }),
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

export function anomaliesJson(page: {
  readonly anomalies: readonly StoredAnomaly[];
  readonly nextPageToken?: string;
}): object {
  return page;
}

export function lagJson(lag: LedgerLag, feed: FeedStats): object {
  return {
    eventsBehind: lag.eventsBehind,
    derivedPending: lag.derivedPending,
    lookupsPending: lag.lookupsPending,
    batchesPending: lag.batchesPending,
    topics: lag.partitions,
    feed,
  };
}

/** The name and province of a CBS code, where the CBS list has it: what people read beside the code. */
function municipalityNames(code: string): { municipalityName?: string; province?: string } {
  const municipality = municipalityOf(code);
  return municipality === undefined ? {} : { municipalityName: municipality.name, province: municipality.province };
}

export function upvJson(report: UpvReport): object {
  return {
    ...report,
    byMunicipality: report.byMunicipality.map((part) => ({
      municipality: part.municipality,
      ...municipalityNames(part.municipality),
      collectedGrams: part.collectedGrams,
      figures: part.figures,
    })),
  };
}

/**
 * The UPV report as CSV (RFC 4180, header row, CRLF): one line per indicator for the chain (`scope` = `chain`), then
 * one per indicator and municipality of collection (`scope` = `municipality`, with its code, name and province, in
 * columns after the eight the report always had), so
 * a spreadsheet filters on `scope` rather than adding chain and municipalities together. Grams are integers, the
 * percentage has two decimals; empty cells are what is not known or does not apply (the market base and the
 * statutory target are national, so municipal lines leave them empty).
 */
export function upvCsv(report: UpvReport): string {
  // The first eight columns are those the report always had, so a reader that picks columns by position still works.
  const header = [
    'year',
    'indicator',
    'grams',
    'base_grams',
    'actual_percent',
    'target_percent',
    'placed_on_market_grams',
    'collected_grams',
    'scope',
    'municipality',
    'municipality_name',
    'province',
  ];
  const line = (scope: readonly string[], figure: UpvFigure, national: boolean, collectedGrams: bigint): string[] => [
    String(report.year),
    figure.indicator,
    figure.grams.toString(),
    figure.baseGrams?.toString() ?? '',
    figure.actualPercent === undefined ? '' : figure.actualPercent.toFixed(2),
    national && figure.targetPercent !== undefined ? String(figure.targetPercent) : '',
    national ? (report.placedOnMarketGrams?.toString() ?? '') : '',
    collectedGrams.toString(),
    ...scope,
  ];
  const lines = [header];
  for (const figure of report.figures) lines.push(line(['chain', '', '', ''], figure, true, report.collectedGrams));
  for (const part of report.byMunicipality) {
    const names = municipalityNames(part.municipality);
    const scope = ['municipality', part.municipality, names.municipalityName ?? '', names.province ?? ''];
    for (const figure of part.figures) lines.push(line(scope, figure, false, part.collectedGrams));
  }
  return `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Local-for-local per municipality (with its name and province) or per province. */
export function localForLocalJson(
  period: { readonly from: Date; readonly to: Date },
  region: LocalRegion,
  rows: readonly RegionalLocalForLocal[],
): object {
  const figures = ({ region: _region, ...grams }: RegionalLocalForLocal): object => grams;
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    region,
    ...(region === 'municipality'
      ? {
          municipalities: rows.map((row) => ({
            municipality: row.region,
            ...municipalityNames(row.region),
            ...figures(row),
          })),
        }
      : { provinces: rows.map((row) => ({ province: row.region, ...figures(row) })) }),
  };
}

/** The CBS municipality list the ledger checks codes against and names them by. */
export function municipalitiesJson(): object {
  return {
    classificationYear: MUNICIPALITY_LIST_YEAR,
    source: `CBS, Gemeentelijke indeling op 1 januari ${MUNICIPALITY_LIST_YEAR}`,
    provinces: DUTCH_PROVINCES,
    municipalities: DUTCH_MUNICIPALITIES,
  };
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
