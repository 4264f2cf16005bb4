import type { Db } from '@vezel/db';
import type { CommandDefinition } from './execute-command.ts';
import { executeCommand, type ExecuteCommandOptions } from './execute-command.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { CommandOutcome } from './run-idempotent-command.ts';

/** What running any of a service's commands needs: its database, and a clock and retry policy where tests set them. */
export interface CommandRunnerDependencies {
  readonly db: Db;
  readonly clock?: (() => Date) | undefined;
  readonly retry?: RetryPolicy | undefined;
}

/** Runs one command definition on one input; see {@link executeCommand}. */
export type RunCommand = <Input, Command, Event, State, Result>(
  definition: CommandDefinition<Input, Command, Event, State, Result>,
  input: Input,
) => Promise<CommandOutcome<Result>>;

/** The runner an application hands its command definitions to, so it states its database and options once. */
export function commandRunnerOf(dependencies: CommandRunnerDependencies): RunCommand {
  const options: ExecuteCommandOptions = {
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
    ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
  };
  return (definition, input) => executeCommand(dependencies.db, definition, input, options);
}
