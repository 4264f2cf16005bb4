const sqlStatePattern = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE of a failed statement (`40001` serialization failure, `40P01` deadlock, `23505` unique violation,
 * ...), whichever adapter raised it, or `undefined` when the error did not come from the database. Follows `cause`
 * chains, so it also sees through `UnavailableError` and `MigrationError`.
 */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  // Bounded: a cause chain can be cyclic.
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const { code, severity, cause } = current as { code?: unknown; severity?: unknown; cause?: unknown };
    // Both drivers' errors carry a severity; Node system errors (`EPIPE`) have five-letter codes too but no severity.
    if (typeof code === 'string' && typeof severity === 'string' && sqlStatePattern.test(code)) return code;
    current = cause;
  }
  return undefined;
}
