import { isDomainError, type ErrorKind } from './domain-error.ts';

/** RFC 9457 problem details, as served with `Content-Type: application/problem+json`. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The offending input field, when one is to blame. */
  readonly field?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const problemTypeBase = 'https://vezel.dev/problems/';

/** The problem `type` URI for a problem slug (`invalid-input`, `payload-too-large`, ...). */
export function problemTypeUri(slug: string): string {
  return problemTypeBase + slug;
}

const httpStatusByKind: Readonly<Record<ErrorKind, number>> = {
  InvalidInput: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  RateLimited: 429,
  NotFound: 404,
  Conflict: 409,
  IllegalTransition: 409,
  MassNotConserved: 422,
  Unavailable: 503,
};

const titleByKind: Readonly<Record<ErrorKind, string>> = {
  InvalidInput: 'Invalid input',
  Unauthenticated: 'Unauthenticated',
  Forbidden: 'Forbidden',
  RateLimited: 'Too many requests',
  NotFound: 'Not found',
  Conflict: 'Conflict',
  IllegalTransition: 'Illegal state transition',
  MassNotConserved: 'Mass not conserved',
  Unavailable: 'Service unavailable',
};

/** The HTTP status for an error kind. */
export function httpStatusOf(kind: ErrorKind): number {
  return httpStatusByKind[kind];
}

/**
 * Translates any thrown value into problem details. Unknown errors become a 500 whose detail does not leak
 * internals; the caller logs the original.
 */
export function toProblemDetails(error: unknown, instance?: string): ProblemDetails {
  if (isDomainError(error)) {
    // Details first: a detail named `status` or `type` must never replace a standard member.
    return {
      ...error.details,
      type: problemTypeBase + kebab(error.kind),
      title: titleByKind[error.kind],
      status: httpStatusByKind[error.kind],
      detail: error.message,
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(instance === undefined ? {} : { instance }),
    };
  }
  return {
    type: problemTypeBase + 'internal',
    title: 'Internal server error',
    status: 500,
    detail: 'An unexpected error occurred; it has been logged.',
    ...(instance === undefined ? {} : { instance }),
  };
}

function kebab(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}
