/**
 * Thrown by an `AggregateStore.save` whose aggregate was saved by someone else since it was loaded. Not part of
 * the domain taxonomy on purpose: `executeCommand` retries the command on it, and a caller only ever sees it if
 * it escapes a hand-written transaction.
 */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  readonly aggregateId: string;
  readonly expectedVersion: number;

  constructor(aggregateId: string, expectedVersion: number) {
    super(`aggregate ${aggregateId} is no longer at version ${expectedVersion}: a concurrent command saved it first`);
    this.aggregateId = aggregateId;
    this.expectedVersion = expectedVersion;
  }
}

/** Type guard that also matches a second copy of this package. */
export function isVersionConflictError(error: unknown): error is VersionConflictError {
  return error instanceof Error && error.name === 'VersionConflictError';
}
