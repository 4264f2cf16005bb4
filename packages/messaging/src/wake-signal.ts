/**
 * A sleep that ends early when woken: background loops wait on it between polls, and a NOTIFY, new work or a stop
 * request wakes them at once instead of after the interval.
 */
export class WakeSignal {
  #wake: (() => void) | undefined;
  #pending = false;

  /** Resolves after `ms`, or as soon as `wake()` is called (also if it was called since the last wait). */
  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  wake(): void {
    if (this.#wake) this.#wake();
    else this.#pending = true;
  }
}
