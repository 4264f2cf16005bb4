import type { Logger } from '@vezel/telemetry';

/** Which of the Kafka client's own messages are logged: `error` logs errors only, `debug` everything. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** How an EventLog reaches Kafka; the same for every Kafka client behind the port. */
export interface KafkaEventLogOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Partitions for topics this log creates. */
  readonly defaultPartitions?: number;
  /** Replicas of each partition of topics this log creates; default the broker's `default.replication.factor`. */
  readonly replicationFactor?: number;
  /**
   * Whether `ensureTopics` may create missing topics (default true). Where topics are provisioned by the operator
   * (a managed Kafka, the topics Job), false makes a missing topic an error that names it instead of a topic created
   * with the wrong settings.
   */
  readonly createTopics?: boolean;
  /** Which of the client's own messages are logged; errors only by default. */
  readonly logLevel?: KafkaLogLevel;
  /**
   * Where the client's messages go: our structured JSON logs (with trace ids). Without one, they are written to
   * standard error.
   */
  readonly logger?: Logger;
  /** How long the group waits for a silent member before handing its partitions to others (Kafka's minimum is 6 s). */
  readonly sessionTimeoutMs?: number;
  /** How to authenticate to the brokers (managed Kafka); none by default. */
  readonly sasl?: KafkaSasl;
  /** Connect over TLS: `true` trusts the system's certificate authorities, `{ ca }` (PEM) a private one. */
  readonly tls?: true | { readonly ca: string };
}

/** SASL credentials: SCRAM (the password never crosses the wire) or PLAIN (use it only over TLS). */
export interface KafkaSasl {
  readonly mechanism: 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN';
  readonly username: string;
  readonly password: string;
}
