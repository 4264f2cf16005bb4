import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` as part of a call that ends when `signal` aborts (a gRPC deadline passed, the client cancelled).
 * Carried through async calls like the trace context, so a command's transaction can see that nobody waits for its
 * answer any more without every layer passing the signal along.
 */
export function whileCallLasts<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return current.run(signal, work);
}

/**
 * Throws the abort reason when the call the current work belongs to has ended; does nothing outside a call. A command
 * checks it just before it commits: the caller has been told DEADLINE_EXCEEDED or CANCELLED, so writing anyway
 * would record a fact the caller believes failed (it may then retry under a new id and record it twice).
 */
export function throwIfCallEnded(): void {
  current.getStore()?.throwIfAborted();
}
