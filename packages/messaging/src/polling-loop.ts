import { Backoff } from './backoff.ts';
import { WakeSignal } from './wake-signal.ts';

export interface PollingLoopRounds {
  /** One round of work; resolves to how much it did. After a round that did nothing the loop sleeps. */
  readonly round: () => Promise<number>;
  /** How long to sleep after an idle round, unless woken earlier. */
  readonly idleMs: number;
  /** Called when a round fails; the loop tries again after a back-off. */
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Called after each round that found nothing to do. */
  readonly onIdle?: () => void;
}

/**
 * A background loop that repeats a round of work until stopped: it sleeps between idle rounds, wakes at once on
 * {@link wake} (a NOTIFY, new work, a stop request) and backs off after a failed round. Created before it runs, so
 * that a NOTIFY listener can wake it and its rounds can ask whether it is stopping.
 */
export class PollingLoop {
  readonly #signal = new WakeSignal();
  #stopping = false;
  #ended: Promise<void> = Promise.resolve();

  /** Set once {@link stop} is called: rounds check it to end early. */
  get stopping(): boolean {
    return this.#stopping;
  }

  run(rounds: PollingLoopRounds): void {
    this.#ended = this.#repeat(rounds);
  }

  wake(): void {
    this.#signal.wake();
  }

  /**
   * Ends the loop after the round in hand. Resolves to false when the loop was already stopping, so that what the
   * caller releases afterwards (a subscription, a lease) is released once.
   */
  async stop(): Promise<boolean> {
    if (this.#stopping) return false;
    this.#stopping = true;
    this.#signal.wake();
    await this.#ended;
    return true;
  }

  async #repeat(rounds: PollingLoopRounds): Promise<void> {
    const backoff = new Backoff();
    while (!this.#stopping) {
      let done: number;
      try {
        done = await rounds.round();
        backoff.reset();
      } catch (error) {
        rounds.onError?.(error);
        await this.#signal.wait(backoff.next());
        continue;
      }
      if (done === 0) {
        rounds.onIdle?.();
        if (!this.#stopping) await this.#signal.wait(rounds.idleMs);
      }
    }
  }
}
