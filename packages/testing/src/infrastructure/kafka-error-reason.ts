/**
 * A @platformatic/kafka error's message with the reason under it: the client wraps a failure in layers ("metadata
 * failed 4 times." around "Connection to 127.0.0.1:1 failed." around "connect ECONNREFUSED"), and only the last
 * says why.
 */
export function kafkaErrorReason(error: unknown): string {
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
