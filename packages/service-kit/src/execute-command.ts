import type { Db, Transaction } from '@vezel/db';
import type { OutboxMessage } from '@vezel/messaging';
import type { AggregateStore } from './aggregate-store.ts';
import type { Decider } from './decider.ts';
import { runIdempotentCommand, type CommandOutcome, type CommandRunOptions } from './run-idempotent-command.ts';

/** Facts of the execution that are not part of the decision, for building outbox messages. */
export interface MessageContext {
  /** When the command was executed (the service's clock): the event time of facts whose command carries none. */
  readonly now: Date;
}

/** The fields of `Input` that hold a string: where a command's id can be. */
export type StringFieldOf<Input> = { [K in keyof Input]-?: Input[K] extends string ? K : never }[keyof Input] & string;

/** How a service puts one of its domain events on the wire (its protobuf outbox adapter implements it). */
export type EventToMessage<Event> = (event: Event, context: MessageContext) => OutboxMessage;

/**
 * One command of one aggregate, defined once per command by a service's app layer and run by
 * {@link executeCommand}. `Input` is the validated request (HTTP and gRPC map to the same one); `Command` is what
 * the pure decider takes.
 */
export interface CommandDefinition<Input, Command, Event, State, Result> {
  /** The idempotency key's kind, `<service>.<Command>`, e.g. `collection.ShipBatch`. Never rename one in use. */
  readonly type: string;
  /** The input field carrying the command id (`shipmentId`): the idempotency key, named in the 409 for a reused id. */
  readonly idField: StringFieldOf<Input>;
  /** The aggregate the command is decided by and changes. */
  readonly aggregateId: (input: Input) => string;
  readonly store: AggregateStore<State, Event>;
  readonly decider: Decider<Command, Event, State>;
  /**
   * The decider's command for this input. Reads what the decision needs from other aggregates (is the container
   * registered?) through `tx`, so it sees the same snapshot the decision is saved against; everything else comes
   * in through the input, which keeps the decider pure.
   */
  readonly toCommand: (input: Input, tx: Transaction) => Command | Promise<Command>;
  /**
   * The parts of the aggregate the decision reads, passed to `store.load` so a large aggregate (a centre's stock
   * of every node it ever held) is loaded only where the command looks (`stockNodesReadBy`). Default: all of it.
   */
  readonly partsReadBy?: (command: Command) => readonly string[];
  /** The outbox message (a protobuf event) of one decided event. */
  readonly toMessage: EventToMessage<Event>;
  /** What the caller gets back, now and on every replay. Built from plain data: it is stored as JSON. */
  readonly toResult: (events: readonly Event[], state: State) => Result;
}

/** Options of {@link executeCommand}. */
export interface ExecuteCommandOptions extends CommandRunOptions {
  /** The service's clock, for {@link MessageContext.now}. Default `new Date()`. */
  readonly clock?: () => Date;
}

/**
 * Executes a command against its aggregate, exactly once per command id, in one transaction: replay check, load
 * state and version, decide, save with the version check, append the events to the outbox, store the result.
 * Lost races are retried (the retry loads with `forUpdate`, so it waits for the aggregate instead of racing for it
 * again), domain errors roll everything back and propagate (see `runIdempotentCommand`).
 */
export function executeCommand<Input, Command, Event, State, Result>(
  db: Db,
  definition: CommandDefinition<Input, Command, Event, State, Result>,
  input: Input,
  options: ExecuteCommandOptions = {},
): Promise<CommandOutcome<Result>> {
  const { decider, store } = definition;
  const id = definition.aggregateId(input);
  return runIdempotentCommand(
    db,
    { type: definition.type, id: String(input[definition.idField]), idField: definition.idField, body: input },
    async (tx, attempt) => {
      const command = await definition.toCommand(input, tx);
      const parts = definition.partsReadBy?.(command);
      // Optimistic first; a command that lost a race queues on the aggregate's row lock instead of racing again.
      const loaded = await store.load(tx, id, { ...(parts === undefined ? {} : { parts }), forUpdate: attempt > 1 });
      const before = loaded?.state ?? decider.initialState();
      const events = decider.decide(command, before);
      const after = events.reduce(decider.evolve, before);
      if (events.length > 0) {
        await store.save(tx, { id, state: after, events, expectedVersion: loaded?.version ?? 0 });
      }
      const context: MessageContext = { now: options.clock?.() ?? new Date() };
      return {
        result: definition.toResult(events, after),
        messages: events.map((event) => definition.toMessage(event, context)),
      };
    },
    options,
  );
}
