/**
 * The default branch of an exhaustive `switch`: it only type-checks when every case is handled, so adding a command
 * or event kind is a compile error wherever it is not yet handled. Reaching it at runtime means a value came from
 * outside the type system (a hand-built object), which is a bug, not a domain error.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(
    `unexpected ${what}: ${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`,
  );
}
