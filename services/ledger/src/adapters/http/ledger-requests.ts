import { requireChainId } from '@vezel/chain-ids';
import { InvalidInputError } from '@vezel/errors';
import { readJson, type JsonObjectReader } from '@vezel/rpc';
import type { KpiQuery } from '../../app/ledger-queries.ts';
import type { CollectionPeriod, KpiScope, TraceSource } from '../../domain/index.ts';
import { requireMunicipalityCode } from '../require-municipality-code.ts';

/*
 * The ledger's query strings, read with the same reader as the services' JSON bodies: unknown or repeated
 * parameters are rejected (a misspelt `municipalty=` must not silently widen a report to the whole chain), and
 * every error names the parameter.
 */

/** `GET trace/forward?node=|container=|municipality=[&from=&to=]`. */
export function readForwardTraceQuery(query: unknown): TraceSource {
  // Read everything first, so an unknown parameter is reported as such before the combination is judged.
  const { node, container, municipality, period } = readJson(query, (input) => ({
    node: optionalId(input, 'node'),
    container: optionalId(input, 'container'),
    municipality: optionalMunicipality(input),
    period: readPeriod(input),
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
export function readKpiQuery(query: unknown): KpiQuery {
  return readJson(query, (input) => {
    const { from, to } = readClosedPeriod(input);
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
export function readFlowsQuery(query: unknown): { from: Date; to: Date } {
  return readJson(query, readClosedPeriod);
}

/** `from` and `to`, both required, `to` later: the period of KPIs and flows. */
function readClosedPeriod(input: JsonObjectReader): { from: Date; to: Date } {
  const from = input.timestamp('from');
  const to = input.timestamp('to');
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
  return value === undefined ? undefined : requireMunicipalityCode(value, 'municipality');
}

function optionalId(input: JsonObjectReader, field: string): string | undefined {
  const value = input.optionalString(field);
  return value === undefined ? undefined : requireChainId(value, field);
}

function readPeriod(input: JsonObjectReader): CollectionPeriod | undefined {
  const from = input.optionalTimestamp('from');
  const to = input.optionalTimestamp('to');
  if (from !== undefined && to !== undefined && to.getTime() <= from.getTime()) {
    throw new InvalidInputError('must be later than from', { field: 'to' });
  }
  if (from === undefined && to === undefined) return undefined;
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}
