import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Knows whether the current async context runs inside one of a Db's transaction callbacks. A `db.query()` issued
 * from there would not be part of the transaction and, on PGlite's single connection (or a pool with every
 * client busy), would wait forever for the transaction it is waiting in; failing loudly beats hanging.
 */
export class TransactionScope {
  readonly #current = new AsyncLocalStorage<{ open: boolean }>();

  /** Runs `work` marked as inside a transaction until it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    // A flag rather than the mere presence of a store: timers or promises started inside `work` keep the context
    // after the transaction has ended, and they may use the Db freely by then.
    const state = { open: true };
    try {
      return await this.#current.run(state, work);
    } finally {
      state.open = false;
    }
  }

  /** Throws when called from inside an open transaction callback. */
  assertOutside(operation: string): void {
    if (this.#current.getStore()?.open === true) {
      throw new Error(
        `${operation} called inside a transaction of the same Db: send it through the transaction's query() ` +
          `(it would otherwise wait for the transaction it runs in)`,
      );
    }
  }

  /**
   * Wraps a notification callback so it is decoupled from whatever delivered it. PGlite delivers notifications
   * while the committing transaction is still on the stack: the callback runs outside the transaction context (so
   * it may query the Db), and what it throws is rethrown on a later tick (so it cannot fail that COMMIT).
   */
  detach<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
    return (...args) =>
      this.#current.exit(() => {
        try {
          callback(...args);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      });
  }
}
