/** A lease being renewed while its holder works (a webhook endpoint's, a rebuild's claim). */
export interface LeaseRenewals {
  /** A renewal answered that the holder no longer holds the lease: another may have it. */
  readonly refused: boolean;
  /** A renewal failed (its error went to `onError`): the lease may lapse unrenewed. */
  readonly failed: boolean;
  /** `performance.now()` when the last renewal that landed was sent, or `since` if none has. */
  readonly keptSince: number;
  /** Stops renewing; resolves once a renewal on its way has landed, so none lands after the holder's end. */
  stop(): Promise<void>;
}

/**
 * Renews a lease every `everyMs` until stopped or refused, one renewal after another, so a slow database is not
 * sent a pile of them. The timer does not keep the process alive: a process that ends lets its leases lapse.
 */
export function startLeaseRenewals(options: {
  /** Extends the lease; false when the holder no longer holds it. */
  readonly renew: () => Promise<boolean>;
  readonly everyMs: number;
  /** `performance.now()` from when the lease is known held (just before it was taken). */
  readonly since: number;
  readonly onError: (error: unknown) => void;
}): LeaseRenewals {
  let refused = false;
  let failed = false;
  let stopped = false;
  let keptSince = options.since;
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> = Promise.resolve();
  const renewLater = (): void => {
    timer = setTimeout(() => {
      const sentAt = performance.now();
      renewing = options
        .renew()
        .then(
          (held) => {
            if (held) keptSince = Math.max(keptSince, sentAt);
            else refused = true;
          },
          (error: unknown) => {
            failed = true;
            options.onError(error);
          },
        )
        .finally(() => {
          if (!stopped && !refused) renewLater();
        });
    }, options.everyMs);
    timer.unref();
  };
  renewLater();
  return {
    get refused() {
      return refused;
    },
    get failed() {
      return failed;
    },
    get keptSince() {
      return keptSince;
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      return renewing;
    },
  };
}
