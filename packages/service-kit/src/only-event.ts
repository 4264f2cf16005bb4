/**
 * The single event of the expected type a command produced: most commands record exactly one fact, and their
 * result is that fact. Anything else is a programming error in the decider, not bad input.
 */
export function onlyEvent<Event extends { readonly type: string }, Type extends Event['type']>(
  events: readonly Event[],
  type: Type,
): Extract<Event, { readonly type: Type }> {
  const [event, ...more] = events;
  if (event === undefined || more.length > 0 || event.type !== type) {
    throw new Error(
      `expected exactly one ${type} event, the decider produced [${events.map((e) => e.type).join(', ')}]`,
    );
  }
  return event as Extract<Event, { readonly type: Type }>;
}
