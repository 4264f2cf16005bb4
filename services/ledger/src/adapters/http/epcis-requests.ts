import { InvalidInputError } from '@vezel/errors';
import { readJson, type JsonObjectReader } from '@vezel/rpc';
import { bareBizStep, type EpcisQuery } from '../../domain/index.ts';
import { optionalCount } from './ledger-requests.ts';

/** The `SimpleEventQuery` parameters Vezel answers; any other is refused by name rather than ignored. */
export const EPCIS_QUERY_PARAMETERS = [
  'eventType',
  'GE_eventTime',
  'LT_eventTime',
  'EQ_bizStep',
  'EQ_action',
  'MATCH_anyEPCClass',
] as const;

const EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'];
const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'];

/** `GET /v1/epcis/events?<query parameters>[&perPage=][&nextPageToken=]`. */
export function readEpcisEventsRequest(query: unknown): {
  readonly query: EpcisQuery;
  readonly perPage: number;
  readonly after: bigint;
} {
  return readJson(query, (input) => {
    const perPage = optionalCount(input, 'perPage') ?? 100;
    const token = input.optionalString('nextPageToken', { maxLength: 40 });
    return { query: readParameters(input), perPage, after: pageTokenPosition(token) };
  });
}

/**
 * A named query's parameters (`POST /v1/epcis/queries` `{name, query}`): the same names as in a query string, each
 * a string (`|` between alternatives) or an array of strings.
 */
export function readEpcisQueryParameters(parameters: unknown, field: string): EpcisQuery {
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new InvalidInputError('must be an object of query parameters', { field });
  }
  const flattened = Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [
      name,
      Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join('|') : value,
    ]),
  );
  try {
    return readJson(flattened, readParameters);
  } catch (error) {
    if (error instanceof InvalidInputError && error.field !== undefined) {
      throw new InvalidInputError(error.message, { field: `${field}.${error.field}` });
    }
    throw error;
  }
}

/** A page token is the feed position the next page reads after, opaque to clients. */
export function pageTokenOf(position: bigint): string {
  return Buffer.from(`p${position}`).toString('base64url');
}

function pageTokenPosition(token: string | undefined): bigint {
  if (token === undefined) return 0n;
  const text = Buffer.from(token, 'base64url').toString();
  if (!/^p(0|[1-9]\d{0,17})$/.test(text)) {
    throw new InvalidInputError('is not a page token this server gave', { field: 'nextPageToken' });
  }
  return BigInt(text.slice(1));
}

function readParameters(input: JsonObjectReader): EpcisQuery {
  const list = (name: string, allowed?: readonly string[]): readonly string[] | undefined => {
    const text = input.optionalString(name, { maxLength: 4_000 });
    if (text === undefined) return undefined;
    const values = text.split('|').map((value) => value.trim());
    for (const value of values) {
      if (value === '' || (allowed !== undefined && !allowed.includes(value))) {
        const expected = allowed === undefined ? 'non-empty values' : `one of ${allowed.join(', ')}`;
        throw new InvalidInputError(`must be ${expected} separated by |, got ${JSON.stringify(text)}`, {
          field: name,
        });
      }
    }
    return values;
  };
  const time = (name: string): Date | undefined => {
    const text = input.optionalString(name, { maxLength: 40 });
    if (text === undefined) return undefined;
    const at = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) {
      throw new InvalidInputError(`must be an ISO 8601 date-time, got ${JSON.stringify(text)}`, { field: name });
    }
    return at;
  };
  const eventTypes = list('eventType', EVENT_TYPES);
  const eventTimeFrom = time('GE_eventTime');
  const eventTimeBefore = time('LT_eventTime');
  const bizSteps = list('EQ_bizStep')?.map(bareBizStep);
  const actions = list('EQ_action', ACTIONS);
  const epcClasses = list('MATCH_anyEPCClass');
  return {
    ...(eventTypes === undefined ? {} : { eventTypes }),
    ...(eventTimeFrom === undefined ? {} : { eventTimeFrom }),
    ...(eventTimeBefore === undefined ? {} : { eventTimeBefore }),
    ...(bizSteps === undefined ? {} : { bizSteps }),
    ...(actions === undefined ? {} : { actions }),
    ...(epcClasses === undefined ? {} : { epcClasses }),
  };
}

/** `POST /v1/epcis/queries`: `{name, query: {<parameter>: value}}`. */
export function readNamedQuery(body: unknown): {
  readonly name: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly query: EpcisQuery;
} {
  const { query: parameters = {}, ...rest } = requireObject(body);
  const name = readJson(rest, (input) => input.string('name', { maxLength: 64 }));
  const query = readEpcisQueryParameters(parameters, 'query');
  return { name, parameters: parameters as Record<string, unknown>, query };
}

/** `POST /v1/epcis/queries/{name}/subscriptions`: `{dest, signatureToken?, stream: true, reportIfEmpty?}`. */
export function readSubscriptionRequest(body: unknown): {
  readonly dest: string;
  readonly signatureToken?: string;
} {
  const { schedule, initialRecordTime, ...rest } = requireObject(body);
  if (schedule !== undefined && schedule !== null) {
    throw new InvalidInputError('Vezel streams subscriptions as events arrive: give stream: true, not a schedule', {
      field: 'schedule',
    });
  }
  if (initialRecordTime !== undefined && initialRecordTime !== null) {
    throw new InvalidInputError('a subscription gets the events after it is made; query the events before it', {
      field: 'initialRecordTime',
    });
  }
  return readJson(rest, (input) => {
    const dest = input.string('dest', { maxLength: 2_000 });
    const signatureToken = input.optionalString('signatureToken', { minLength: 16, maxLength: 256 });
    if (input.optionalBoolean('stream') !== true) {
      throw new InvalidInputError('must be true: Vezel streams subscriptions as events arrive', { field: 'stream' });
    }
    input.optionalBoolean('reportIfEmpty');
    return { dest, ...(signatureToken === undefined ? {} : { signatureToken }) };
  });
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputError('must be a JSON object', { field: 'body' });
  }
  return body as Record<string, unknown>;
}
