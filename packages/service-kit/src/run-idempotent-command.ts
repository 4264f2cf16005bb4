import { setTimeout as delay } from 'node:timers/promises';
import type { Db, IsolationLevel, Transaction } from '@vezel/db';
import { ConflictError, UnavailableError } from '@vezel/errors';
import { appendToOutbox, type OutboxMessage } from '@vezel/messaging';
import { throwIfCallEnded } from './call-signal.ts';
import { hashCommandBody } from './command-body-hash.ts';
import { findProcessedCommand, recordProcessedCommand } from './processed-commands.ts';
import { isLostRace, maxAttemptsOf, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

/** Who a command is, for idempotency. */
export interface CommandIdentity {
  /** The command's kind, e.g. `collection.ShipBatch`; with `id` it is the idempotency key. */
  readonly type: string;
  /** The command's own id (`batchId`, `shipmentId`, `runId` ...). */
  readonly id: string;
  /** The request field carrying the id, named in the 409 when the id comes back with another body. */
  readonly idField: string;
  /** What the client asked for (the validated request, not the raw bytes); hashed in canonical JSON. */
  readonly body: unknown;
}

/** What a command returned, and whether this call executed it or replayed an earlier execution. */
export interface CommandOutcome<Result> {
  readonly result: Result;
  /** True when the same command (id and body) had already been executed: nothing was written this time. */
  readonly replayed: boolean;
}

/** What one execution of a command's work produced inside its transaction. */
export interface CommandWork<Result> {
  /** Stored with the command id and returned again on every replay; bigints and Dates survive the round trip. */
  readonly result: Result;
  /** Events to publish, appended to the outbox in the same transaction. */
  readonly messages: readonly OutboxMessage[];
}

/** Tuning of {@link runIdempotentCommand} and `executeCommand`. */
export interface CommandRunOptions {
  readonly retry?: RetryPolicy;
  /** Default `read committed`: aggregates guard themselves with their version, which that level suffices for. */
  readonly isolation?: IsolationLevel;
}

/**
 * Runs a command exactly once per id, in ONE transaction: looks the id up in `processed_commands` (same body:
 * return the stored result without running `work`; another body: `ConflictError` naming `idField`), runs `work`
 * (told which attempt this is, 1 first),
 * appends its outbox messages and stores its result. When the transaction lost a race (a version conflict,
 * SQLSTATE 40001 / 40P01 / 23505) the whole thing is re-run, a bounded number of times with jittered back-off, and
 * decides afresh against what the winner wrote. Domain errors are never retried: they roll back and propagate.
 *
 * Most handlers use `executeCommand`, which builds `work` from an aggregate store and a decider; call this
 * directly only for a command that must load and save several aggregates.
 */
export async function runIdempotentCommand<Result>(
  db: Db,
  command: CommandIdentity,
  work: (tx: Transaction, attempt: number) => Promise<CommandWork<Result>>,
  options: CommandRunOptions = {},
): Promise<CommandOutcome<Result>> {
  const bodySha256 = hashCommandBody(command.body);
  const maxAttempts = maxAttemptsOf(options.retry);
  for (let attempt = 1; ; attempt++) {
    // Not again for a caller that has stopped waiting (a race lost after its deadline).
    throwIfCallEnded();
    try {
      return await db.transaction(
        async (tx): Promise<CommandOutcome<Result>> => {
          const earlier = await findProcessedCommand(tx, command.type, command.id);
          if (earlier !== undefined) {
            if (earlier.bodySha256 !== bodySha256) throw reusedId(command);
            return { result: earlier.result as Result, replayed: true };
          }
          const { result, messages } = await work(tx, attempt);
          await appendToOutbox(tx, messages);
          await recordProcessedCommand(tx, { type: command.type, id: command.id, bodySha256, result });
          // Last, so nothing is committed for a caller that has stopped waiting (its deadline passed meanwhile).
          throwIfCallEnded();
          return { result, replayed: false };
        },
        { isolation: options.isolation ?? 'read committed' },
      );
    } catch (error) {
      if (!isLostRace(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new UnavailableError(
          `${command.type} ${command.id} kept losing races with concurrent commands (${attempt} attempts); try again`,
          { cause: error, details: { commandId: command.id, attempts: attempt } },
        );
      }
      await delay(retryDelayMs(attempt, options.retry));
    }
  }
}

function reusedId(command: CommandIdentity): ConflictError {
  return new ConflictError(
    `${command.idField} ${command.id} was already used by a different ${command.type} command; ` +
      'repeat a command with exactly the same body, or give a new command a new id',
    { field: command.idField, details: { [command.idField]: command.id } },
  );
}
