import { STATUS_CODES } from 'node:http';
import { problemTypeUri, type ProblemDetails } from '@vezel/errors';

/** 413: the request body is larger than the app accepts. */
export function payloadTooLargeProblem(limit: string | number, instance: string): ProblemDetails {
  return {
    type: problemTypeUri('payload-too-large'),
    title: 'Payload too large',
    status: 413,
    detail: `the request body exceeds the limit of ${String(limit)}`,
    field: 'body',
    instance,
  };
}

/** 415: the request body is not JSON (or not in a charset / encoding we read). */
export function unsupportedMediaTypeProblem(detail: string, instance: string): ProblemDetails {
  return {
    type: problemTypeUri('unsupported-media-type'),
    title: 'Unsupported media type',
    status: 415,
    detail,
    field: 'body',
    instance,
  };
}

/**
 * Another 4xx raised by express or body-parser (a path parameter that is not valid percent-encoding, ...), whose
 * message is written for the client. `about:blank` is RFC 9457's type for "nothing more to say than the status".
 */
export function httpClientErrorProblem(status: number, detail: string, instance: string): ProblemDetails {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Client error', status, detail, instance };
}
