import { requireChainId } from '@vezel/chain-ids';
import { InvalidInputError } from '@vezel/errors';
import { readJson, type JsonObjectReader } from '@vezel/rpc';
import type { FeedFilter } from '../../app/follow-feed.ts';
import type { KpiQuery, LocalRegion } from '../../app/ledger-queries.ts';
import { requireLedgerFactTypes, type CollectionPeriod, type KpiScope, type TraceSource } from '../../domain/index.ts';
import { requireMunicipality } from '@vezel/municipalities';

/*
 * The ledger's query strings, read with the same reader as the services' JSON bodies: unknown or repeated
 * parameters are rejected (a misspelt `municipalty=` must not silently widen a report to the whole chain), and
 * every error names the parameter.
 */

/** `GET trace/forward?node=|container=|municipality=[&from=&to=]`. */
export function readForwardTraceQuery(query: unknown, timeZone: string): TraceSource {
  // Read everything first, so an unknown parameter is reported as such before the combination is judged.
  const { node, container, municipality, period } = readJson(query, (input) => ({
    node: optionalId(input, 'node'),
    container: optionalId(input, 'container'),
    municipality: optionalMunicipality(input),
    period: readPeriod(input, timeZone),
  }));
  const given = [node, container, municipality].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw new InvalidInputError('give exactly one of node, container or municipality', {
      field: given === 0 ? 'node' : 'container',
    });
  }
  if (node !== undefined) {
    if (period !== undefined) {
      throw new InvalidInputError('from and to apply to container and municipality traces only', { field: 'from' });
    }
    return { kind: 'node', nodeId: node };
  }
  const withPeriod = period === undefined ? {} : { period };
  return container !== undefined
    ? { kind: 'container', containerId: container, ...withPeriod }
    : { kind: 'municipality', municipality: municipality!, ...withPeriod };
}

/** `GET trace/backward?node=`. */
export function readBackwardTraceQuery(query: unknown): string {
  return readJson(query, (input) => requireChainId(input.string('node'), 'node'));
}

/** `GET kpis?from=&to=[&municipality=|&centre=][&factors=]`. */
export function readKpiQuery(query: unknown, timeZone: string): KpiQuery {
  return readJson(query, (input) => {
    const { from, to } = readClosedPeriod(input, timeZone);
    const municipality = optionalMunicipality(input);
    const centre = optionalId(input, 'centre');
    if (municipality !== undefined && centre !== undefined) {
      throw new InvalidInputError('give municipality or centre, not both', { field: 'centre' });
    }
    const scope: KpiScope =
      municipality !== undefined
        ? { kind: 'municipality', municipality }
        : centre !== undefined
          ? { kind: 'centre', centreId: centre }
          : { kind: 'chain' };
    const factorsVersion = optionalId(input, 'factors');
    return { from, to, scope, ...(factorsVersion === undefined ? {} : { factorsVersion }) };
  });
}

/** `GET flows?from=&to=`: a period, both ends given. */
export function readFlowsQuery(query: unknown, timeZone: string): { from: Date; to: Date } {
  return readJson(query, (input) => readClosedPeriod(input, timeZone));
}

/** `GET local-for-local?from=&to=[&region=municipality|province]`. */
export function readLocalForLocalQuery(
  query: unknown,
  timeZone: string,
): { readonly period: { from: Date; to: Date }; readonly region: LocalRegion } {
  return readJson(query, (input) => {
    const period = readClosedPeriod(input, timeZone);
    const region = input.optionalString('region') ?? 'municipality';
    if (region !== 'municipality' && region !== 'province') {
      throw new InvalidInputError(`must be municipality or province, got ${JSON.stringify(region)}`, {
        field: 'region',
      });
    }
    return { period, region };
  });
}

/**
 * `from` and `to`, both required, `to` later: the period of KPIs and flows. Either may be a calendar date, the
 * start of that day in the chain's `timeZone`, so `from=2026-01-01&to=2027-01-01` is the chain's year 2026.
 */
function readClosedPeriod(input: JsonObjectReader, timeZone: string): { from: Date; to: Date } {
  const from = input.periodBoundary('from', timeZone);
  const to = input.periodBoundary('to', timeZone);
  if (to.getTime() <= from.getTime()) throw new InvalidInputError('must be later than from', { field: 'to' });
  return { from, to };
}

/**
 * `GET reports/upv?year=[&format=csv|json]`. `format` wins over `Accept`: a plain link (the dashboard's download)
 * cannot set a header.
 */
export function readUpvQuery(query: unknown): { readonly year: number; readonly format?: 'csv' | 'json' } {
  return readJson(query, (input) => {
    const year = readYear(input.string('year'), 'year');
    const format = input.optionalString('format');
    if (format === undefined) return { year };
    if (format !== 'csv' && format !== 'json') {
      throw new InvalidInputError(`must be csv or json, got ${JSON.stringify(format)}`, { field: 'format' });
    }
    return { year, format };
  });
}

/** A reporting year: four digits, 2000-9999 (the ledger has no textile before the EPR era). */
export function readYear(text: string, field: string): number {
  if (!/^\d{4}$/.test(text) || Number(text) < 2000) {
    throw new InvalidInputError(`must be a year such as 2026, got ${JSON.stringify(text)}`, { field });
  }
  return Number(text);
}

function optionalMunicipality(input: JsonObjectReader): string | undefined {
  const value = input.optionalString('municipality');
  return value === undefined ? undefined : requireMunicipality(value, 'municipality').code;
}

function optionalId(input: JsonObjectReader, field: string): string | undefined {
  const value = input.optionalString(field);
  return value === undefined ? undefined : requireChainId(value, field);
}

function readPeriod(input: JsonObjectReader, timeZone: string): CollectionPeriod | undefined {
  const from = input.optionalPeriodBoundary('from', timeZone);
  const to = input.optionalPeriodBoundary('to', timeZone);
  if (from !== undefined && to !== undefined && to.getTime() <= from.getTime()) {
    throw new InvalidInputError('must be later than from', { field: 'to' });
  }
  if (from === undefined && to === undefined) return undefined;
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** What a feed subscriber asked for: where to start, which events, and whether to follow new ones. */
export interface FeedQuery {
  /** The last position the subscriber has; undefined: start at the feed's end (new events only). */
  readonly after?: bigint;
  readonly filter: FeedFilter;
  readonly follow: boolean;
  /** `json`: the fact as the ledger stores it; `epcis`: the event as GS1 EPCIS 2.0 JSON-LD. */
  readonly format: 'json' | 'epcis';
  /** Without a position: start with the newest this many events, then follow. */
  readonly latest?: number;
}

/**
 * `GET feeds/events?[after=|latest=][&types=A,B][&node=][&municipality=][&follow=false][&format=epcis]` with the SSE `Last-Event-ID`
 * header, which wins over `after` (a reconnecting browser sends it by itself).
 */
export function readFeedQuery(query: unknown, lastEventId: string | undefined): FeedQuery {
  return readJson(query, (input) => {
    const after = input.optionalString('after', { maxLength: 19 });
    const filter = readFeedFilter(input);
    const follow = input.optionalString('follow');
    const format = input.optionalString('format') ?? 'json';
    if (format !== 'json' && format !== 'epcis') {
      throw new InvalidInputError(`must be json or epcis, got ${JSON.stringify(format)}`, { field: 'format' });
    }
    if (follow !== undefined && follow !== 'true' && follow !== 'false') {
      throw new InvalidInputError(`must be true or false, got ${JSON.stringify(follow)}`, { field: 'follow' });
    }
    const start =
      lastEventId !== undefined
        ? requireFeedPosition(lastEventId, 'Last-Event-ID')
        : after === undefined
          ? undefined
          : requireFeedPosition(after, 'after');
    const newest = optionalCount(input, 'latest');
    // A reconnecting browser resumes where it was (Last-Event-ID); only a first connection starts with the newest.
    const latest = lastEventId !== undefined ? undefined : newest;
    if (latest !== undefined && after !== undefined) {
      throw new InvalidInputError('give after or latest, not both', { field: 'latest' });
    }
    return {
      ...(start === undefined ? {} : { after: start }),
      ...(latest === undefined ? {} : { latest }),
      filter,
      follow: follow !== 'false',
      format,
    };
  });
}

/** A feed position (`after`, `Last-Event-ID`): a whole number. */
export function requireFeedPosition(text: string, field: string): bigint {
  if (!/^(0|[1-9]\d{0,17})$/.test(text)) {
    throw new InvalidInputError(`must be a feed position (a whole number), got ${JSON.stringify(text)}`, { field });
  }
  return BigInt(text);
}

/** A query parameter that counts something (`limit`, `perPage`): a whole number from 1 to 1,000. */
export function optionalCount(input: JsonObjectReader, field: string): number | undefined {
  const text = input.optionalString(field);
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(text) || Number(text) > 1_000) {
    throw new InvalidInputError(`must be a whole number from 1 to 1000, got ${JSON.stringify(text)}`, { field });
  }
  return Number(text);
}

/** Which feed events: `types` (comma-separated fact types), `node`, `municipality`; for streams and webhooks alike. */
export function readFeedFilter(input: JsonObjectReader): FeedFilter {
  const types = input.optionalString('types', { maxLength: 1_000 });
  const nodeId = optionalId(input, 'node');
  const municipality = optionalMunicipality(input);
  return {
    ...(types === undefined
      ? {}
      : {
          types: requireLedgerFactTypes(
            types.split(',').map((type) => type.trim()),
            'types',
          ),
        }),
    ...(nodeId === undefined ? {} : { nodeId }),
    ...(municipality === undefined ? {} : { municipality }),
  };
}
