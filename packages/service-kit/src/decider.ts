/**
 * The pure shape of an aggregate (docs/architecture.md, "The layout of a service"): `decide(command, state)`
 * returns the events or throws a domain error; `evolve(state, event)` folds an event into the state. Structurally
 * the same as `@vezel/testing`'s `Decider`, so one object serves the given/when/then tests and `executeCommand`.
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}
