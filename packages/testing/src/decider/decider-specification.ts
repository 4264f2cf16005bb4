import { expect } from 'vitest';

/**
 * The pure shape every aggregate follows (docs/architecture.md, "The layout of a service"): decide(command, state)
 * -> events; evolve(state, event).
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface ThenExpectation<Event> {
  /** Asserts the exact events the command produced. */
  then(expected: readonly Event[]): void;
  /** Asserts the command was rejected with this error class and, when given, the offending field. */
  thenThrows(errorClass: ErrorClass, expected?: { field?: string; message?: RegExp }): void;
}

/**
 * Given/when/then for deciders:
 * `spec.given([batchCollected]).when(shipBatch).then([batchShipped])`.
 */
export function deciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: readonly Event[] = []) {
      return {
        when(command: Command): ThenExpectation<Event> {
          const state = history.reduce(decider.evolve, decider.initialState());
          const act = (): readonly Event[] => decider.decide(command, state);
          return {
            then(expected) {
              expect(act()).toEqual(expected);
            },
            thenThrows(errorClass, expected = {}) {
              let thrown: unknown;
              try {
                act();
              } catch (error) {
                thrown = error;
              }
              expect(thrown, 'expected the command to be rejected').toBeInstanceOf(errorClass);
              if (expected.field !== undefined) {
                expect((thrown as { field?: string }).field).toBe(expected.field);
              }
              if (expected.message !== undefined) {
                expect((thrown as Error).message).toMatch(expected.message);
              }
            },
          };
        },
      };
    },
  };
}
