/** Exponential back-off with full jitter, for retrying against an unavailable broker or database. */
export class Backoff {
  #attempt = 0;
  readonly #initialMs: number;
  readonly #maxMs: number;

  constructor(initialMs = 100, maxMs = 5_000) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
  }

  /** The next delay; grows with each failure up to the cap. */
  next(): number {
    const ceiling = Math.min(this.#maxMs, this.#initialMs * 2 ** this.#attempt);
    this.#attempt++;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
