/**
 * The single event of the expected type a command produced: each retail command records exactly one fact, and its
 * result is that fact.
 */
export function onlyEvent<Event extends { readonly type: string }, Type extends Event['type']>(
  events: readonly Event[],
  type: Type,
): Extract<Event, { readonly type: Type }> {
  const [event, ...more] = events;
  if (event === undefined || more.length > 0 || event.type !== type) {
    throw new Error(`expected exactly one ${type} event, the decider produced [${events.map((e) => e.type).join(', ')}]`);
  }
  return event as Extract<Event, { readonly type: Type }>;
}
