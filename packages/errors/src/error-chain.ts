/**
 * The layers of an error, outermost first: clients wrap a failure in layers ("produce failed 6 times." around
 * "Producing messages failed." around "connect ECONNREFUSED"), and often only the last says why. The walk follows
 * `cause`, and of an AggregateError's gathered errors the last (the final try); it stops at something not an Error
 * or after `maxDepth` layers.
 */
export function* errorChain(error: unknown, maxDepth = 8): Generator<Error> {
  let current: unknown = error;
  for (let depth = 0; depth < maxDepth && current instanceof Error; depth++) {
    yield current;
    current =
      current instanceof AggregateError && current.errors.length > 0
        ? current.errors[current.errors.length - 1]
        : current.cause;
  }
}
