import type { CommandOutcome } from './run-idempotent-command.ts';

/** 201 Created when the command ran now, 200 OK when it was a replay of one that ran before (nothing new created). */
export function commandResponseStatus(outcome: CommandOutcome<unknown>): 200 | 201 {
  return outcome.replayed ? 200 : 201;
}
