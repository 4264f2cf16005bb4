/**
 * An error's message with the reasons under it, joined by ': '. Clients wrap a failure in layers ("produce failed 6
 * times." around "Producing messages failed." around "connect ECONNREFUSED"), and often only the last says why: the
 * walk follows `cause`, and of an AggregateError's gathered errors the last (the final try). Repeated and empty
 * messages are left out; something not an Error is shown as a string.
 */
export function errorChainMessage(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current.message !== '' && !messages.includes(current.message)) messages.push(current.message);
    current =
      current instanceof AggregateError && current.errors.length > 0
        ? current.errors[current.errors.length - 1]
        : current.cause;
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}
