import type { Subscription } from './event-log.ts';

/** The live subscriptions of one event log, so `close()` can stop every one an adapter handed out. */
export class SubscriptionRegistry {
  readonly #live = new Set<Subscription>();

  /** Tracks `subscription` and returns a handle whose `stop()` also forgets it. */
  track(subscription: Subscription): Subscription {
    this.#live.add(subscription);
    return {
      stop: async () => {
        this.#live.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async stopAll(): Promise<void> {
    const live = [...this.#live];
    this.#live.clear();
    await Promise.all(live.map((subscription) => subscription.stop()));
  }
}
