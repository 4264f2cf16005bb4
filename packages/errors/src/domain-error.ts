/** The kinds of failure a caller can act on. Each maps to exactly one HTTP status and one gRPC status. */
export type ErrorKind =
  | 'InvalidInput'
  | 'Unauthenticated'
  | 'Forbidden'
  | 'RateLimited'
  | 'NotFound'
  | 'Conflict'
  | 'IllegalTransition'
  | 'MassNotConserved'
  | 'Unavailable';

/** Options common to every Vezel error. */
export interface DomainErrorOptions {
  /** JSON pointer-like path of the offending input field, e.g. `outputs[2].grams`. */
  readonly field?: string;
  /** Machine-readable details (ids, gram figures) a client can show or log. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * Base of the error taxonomy. Domain code throws (or returns) these; adapters translate them once,
 * to problem+json and to a gRPC status. Domain errors never know transport codes.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  /** Whether repeating the same request later may succeed (drives retry vs dead letter). */
  readonly retriable: boolean = false;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // The subclass's own name (InvalidInputError, ...), set here so the stack's first line already says it.
    this.name = new.target.name;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

/**
 * The base of one concrete error class: it fixes the kind, and whether a retry may help, so that each class below is
 * a single declaration that still has a name of its own (for `instanceof`, `error.name` and stack traces).
 */
function domainErrorOfKind<const Kind extends ErrorKind>(kind: Kind, options: { readonly retriable?: boolean } = {}) {
  abstract class DomainErrorOfKind extends DomainError {
    readonly kind: Kind = kind;
    override readonly retriable: boolean = options.retriable ?? false;
  }
  return DomainErrorOfKind;
}

/** Input that can never be valid: wrong type, missing field, negative grams, bad time format. */
export class InvalidInputError extends domainErrorOfKind('InvalidInput') {}

/** The request carries no credential, or one that is unknown, revoked, expired or not valid: who is asking is unknown. */
export class UnauthenticatedError extends domainErrorOfKind('Unauthenticated') {}

/** The caller is known but may not do this: another partner's holder, or a scope its credential lacks. */
export class ForbiddenError extends domainErrorOfKind('Forbidden') {}

/** The credential sent more requests than its limit allows; `details.retryAfterSeconds` says when to try again. */
export class RateLimitedError extends domainErrorOfKind('RateLimited', { retriable: true }) {}

/** A referenced entity does not exist (yet). */
export class NotFoundError extends domainErrorOfKind('NotFound') {}

/** The request clashes with what exists: the same command id with another body, a duplicate id. */
export class ConflictError extends domainErrorOfKind('Conflict') {}

/** The entity is not in a state that allows this command (dispatching a lot that is not held, ...). */
export class IllegalTransitionError extends domainErrorOfKind('IllegalTransition') {}

/** Grams would be created or destroyed: unbalanced run, moving more than the holder has. */
export class MassNotConservedError extends domainErrorOfKind('MassNotConserved') {}

/** A dependency (database, broker) is unavailable; the same request may succeed later. */
export class UnavailableError extends domainErrorOfKind('Unavailable', { retriable: true }) {}

/** Type guard usable across package boundaries (duck-typed so a second copy of this package still matches). */
export function isDomainError(value: unknown): value is DomainError {
  return (
    value instanceof DomainError ||
    (value instanceof Error && typeof (value as { kind?: unknown }).kind === 'string' && 'details' in value)
  );
}
