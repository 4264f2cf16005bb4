import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who recorded a fact: the partner whose credential the command came with, and that credential (`key:<id>`,
 * `jwt:<subject>`; never a secret). Events carry it as the CloudEvents extension attributes `recordedby` and
 * `recordedvia`, so every reader of the log knows who stated each fact.
 */
export interface RecordingPrincipal {
  readonly partnerId: string;
  readonly credential: string;
}

const current = new AsyncLocalStorage<RecordingPrincipal>();

/**
 * Runs `work` with `principal` as the recorder of whatever it appends to the outbox. Carried through async calls
 * as the trace context is, so the commands and their stores need not pass it along.
 */
export function recordingAs<T>(principal: RecordingPrincipal | undefined, work: () => Promise<T>): Promise<T> {
  return principal === undefined ? work() : current.run(principal, work);
}

/** The recorder of the command being executed, if it came with a credential. */
export function currentRecordingPrincipal(): RecordingPrincipal | undefined {
  return current.getStore();
}
