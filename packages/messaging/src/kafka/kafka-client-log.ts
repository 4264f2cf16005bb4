import { createLogger, type LogFields, type Logger } from '@vezel/telemetry';
import type { KafkaEventLogOptions, KafkaLogLevel } from './kafka-event-log-options.ts';

/** The Kafka client's messages at or above the configured level, as lines of our logger. */
export interface KafkaClientLog {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

const rank: Record<KafkaLogLevel, number> = { nothing: 0, error: 1, warn: 2, info: 3, debug: 4 };

/**
 * The log of one event log's Kafka clients: the owner's logger (or one writing to standard error) with
 * `component: kafka`, passing only messages at or above `options.logLevel` (errors by default).
 */
export function createKafkaClientLog(
  options: Pick<KafkaEventLogOptions, 'logger' | 'logLevel' | 'clientId'>,
): KafkaClientLog {
  const ceiling = rank[options.logLevel ?? 'error'];
  // Built only when something can pass: `nothing` must not even read LOG_LEVEL.
  let target: Logger | undefined;
  const logger = (): Logger => {
    target ??= (
      options.logger ??
      // Standard error, not output: a child process's output may be what its parent reads (a test's marker line).
      createLogger(options.clientId, { write: (line) => process.stderr.write(`${line}\n`) })
    ).child({ component: 'kafka' });
    return target;
  };
  const at =
    (level: Exclude<KafkaLogLevel, 'nothing'>) =>
    (msg: string, fields?: LogFields): void => {
      if (rank[level] <= ceiling) logger()[level](msg, fields);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
