import type { RebuildClaims } from './ledger-storage.ts';
import type { RebuildStatus } from './rebuild-status.ts';

/** Sends a rebuild's status to its claim row for the other processes of the group; see startRebuildStatusReporter. */
export interface RebuildStatusReporter {
  /** The status changed: it goes out within `everyMs`. */
  changed(): void;
  /** Sends nothing more; resolves once a report already on its way has landed. */
  end(): Promise<void>;
}

/**
 * Reports `current()` for `holder` at most once every `everyMs` and one report at a time, each with the status as it
 * is when sent: the replay changes it with every batch, and the last change before a long step (the swap) still goes
 * out, since a change while a report is waiting or in flight is sent after it.
 */
export function startRebuildStatusReporter(options: {
  readonly claims: RebuildClaims;
  readonly holder: string;
  readonly current: () => RebuildStatus;
  readonly everyMs: number;
  readonly clock: () => Date;
  readonly onError?: (error: unknown) => void;
}): RebuildStatusReporter {
  let reporting: Promise<void> = Promise.resolve();
  let next: NodeJS.Timeout | undefined;
  let inFlight = false;
  let again = false;
  let ended = false;
  let reportedAt = 0;
  const changed = (): void => {
    if (ended || next !== undefined) return;
    if (inFlight) {
      again = true;
      return;
    }
    next = setTimeout(
      () => {
        next = undefined;
        reportedAt = options.clock().getTime();
        inFlight = true;
        reporting = options.claims
          .report(options.holder, options.current())
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => {
            inFlight = false;
            if (again) {
              again = false;
              changed();
            }
          });
      },
      Math.max(0, reportedAt + options.everyMs - options.clock().getTime()),
    );
  };
  return {
    changed,
    async end() {
      ended = true;
      clearTimeout(next);
      await reporting;
    },
  };
}
