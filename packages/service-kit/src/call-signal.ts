import { AsyncLocalStorage } from 'node:async_hooks';

/** What a command needs to know of the call it serves: whether it was cancelled, and its deadline. */
export interface CallLifetime {
  readonly signal: AbortSignal;
  readonly deadline: Date | undefined;
}

const current = new AsyncLocalStorage<CallLifetime>();

/**
 * Runs `work` as part of a call that ends when its signal aborts (the client cancelled, the deadline's timer fired) or
 * its deadline passes. Carried through async calls like the trace context, so a command's transaction can see that
 * nobody waits for its answer any more without every layer passing the call along.
 */
export function whileCallLasts<T>(call: CallLifetime, work: () => Promise<T>): Promise<T> {
  return current.run(call, work);
}

/**
 * Throws when the call the current work belongs to has ended; does nothing outside a call. A command checks it before
 * each attempt and just before it commits, so it records nothing for a call whose server-side deadline has passed.
 * The clock is read as well as the signal: the deadline's timer may not have run yet when the database's answer and
 * the deadline fall due together. This narrows, but cannot close, the window in which a caller is told
 * DEADLINE_EXCEEDED while the command commits: the caller's clock starts before the server's, and a deadline can pass
 * during the commit itself. A caller that retries with the same command id is safe either way (replayed, not
 * recorded twice).
 */
export function throwIfCallEnded(): void {
  const call = current.getStore();
  if (call === undefined) return;
  call.signal.throwIfAborted();
  if (call.deadline !== undefined && Date.now() >= call.deadline.getTime()) {
    throw new DOMException('the call passed its deadline', 'TimeoutError');
  }
}
