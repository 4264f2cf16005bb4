import type { CommandRunnerDependencies } from './command-runner.ts';
import type { EventToMessage } from './execute-command.ts';

/**
 * What a chain service's application needs from the outside: where its aggregates are kept and how its events go
 * on the wire, besides what running commands needs. A service adds its own read ports.
 */
export interface ApplicationDependencies<Stores, Event> extends CommandRunnerDependencies {
  readonly stores: Stores;
  readonly toMessage: EventToMessage<Event>;
}
