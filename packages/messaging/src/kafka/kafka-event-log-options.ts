import type { Logger } from '@vezel/telemetry';

/** Which of the Kafka client's own messages are logged: `error` logs errors only, `debug` everything. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** How an EventLog reaches Kafka; the same for every Kafka client behind the port. */
export interface KafkaEventLogOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Partitions for topics this log creates. */
  readonly defaultPartitions?: number;
  /** Which of the client's own messages are logged; errors only by default. */
  readonly logLevel?: KafkaLogLevel;
  /**
   * Where the client's messages go: our structured JSON logs (with trace ids). Without one, they are written to
   * standard error.
   */
  readonly logger?: Logger;
  /** How long the group waits for a silent member before handing its partitions to others (Kafka's minimum is 6 s). */
  readonly sessionTimeoutMs?: number;
}
