import { accessEnvironment } from '@vezel/access';
import { telemetryEnvironment } from '@vezel/telemetry';

/**
 * One environment variable a service process reads at start-up. The catalogues made of these are what the README's
 * environment table is generated from and what the deployment manifests are checked against; a unit test beside
 * each parser proves the parser reads exactly the names its catalogue declares.
 */
export interface EnvironmentVariable {
  /** The variable, e.g. `DATABASE_URL`. */
  readonly name: string;
  /** Which service processes read it: all five, or the ones named. */
  readonly services: 'all' | readonly string[];
  /**
   * What holds while it is unset, in Markdown: a value in backticks or words such as "the service name". Absent:
   * nothing holds, the feature is off.
   */
  readonly default?: string;
  /** The process refuses to start without it: always, or unless another variable has the given value. */
  readonly required?: true | { readonly unless: { readonly name: string; readonly value: string } };
  /** What it sets, in a sentence of Markdown. */
  readonly description: string;
}

/** The variables `readServiceConfig` reads itself, and `VEZEL_VERSION`, which `runService` reads beside it. */
export const serviceEnvironment: readonly EnvironmentVariable[] = [
  {
    name: 'DATABASE_URL',
    services: 'all',
    required: true,
    description: 'The PostgreSQL database, `postgres://user:password@host:5432/name`: keep it in a secret.',
  },
  {
    name: 'DATABASE_SCHEMA',
    services: 'all',
    default: 'the service name',
    description: 'The schema the service owns and migrates at start.',
  },
  {
    name: 'EVENT_TRANSPORT',
    services: 'all',
    default: '`kafka`',
    description: '`kafka`, or `postgres` for the event log as a table (one node; it does not scale out).',
  },
  {
    name: 'KAFKA_BROKERS',
    services: 'all',
    required: { unless: { name: 'EVENT_TRANSPORT', value: 'postgres' } },
    description: 'The Kafka brokers, `host:port` separated by commas.',
  },
  {
    name: 'KAFKA_SESSION_TIMEOUT_MS',
    services: 'all',
    default: '`30000`',
    description: 'How long a consumer group waits for a silent member before its partitions move on (6000-300000).',
  },
  {
    name: 'EVENT_LOG_SCHEMA',
    services: 'all',
    default: '`event_log`',
    description: 'Where the postgres transport keeps the log all services share.',
  },
  {
    name: 'EVENT_TOPIC',
    services: 'all',
    default: '`vezel.<service>.v1`',
    description: 'The topic a write service publishes to (tests, shared clusters).',
  },
  { name: 'HTTP_PORT', services: 'all', default: '`8080`', description: 'The HTTP API, `/healthz` and `/readyz`.' },
  { name: 'GRPC_PORT', services: 'all', default: '`9090`', description: 'The gRPC API and `grpc.health.v1.Health`.' },
  { name: 'HOST', services: 'all', default: '`0.0.0.0`', description: 'The address both servers listen on.' },
  {
    name: 'SHUTDOWN_DRAIN_TIMEOUT_MS',
    services: 'all',
    default: '`10000`',
    description: 'How long SIGTERM waits for the outbox to empty before the process closes.',
  },
  {
    name: 'KAFKA_SASL_MECHANISM',
    services: 'all',
    default: 'none',
    description:
      'SASL to the brokers (managed Kafka): `SCRAM-SHA-512`, `SCRAM-SHA-256` or `PLAIN` (PLAIN only over TLS).',
  },
  {
    name: 'KAFKA_SASL_USERNAME',
    services: 'all',
    default: 'none',
    description: 'The SASL user; required with `KAFKA_SASL_MECHANISM`.',
  },
  {
    name: 'KAFKA_SASL_PASSWORD',
    services: 'all',
    default: 'none',
    description: 'The SASL password; required with `KAFKA_SASL_MECHANISM`. A secret: pass it from a secret store.',
  },
  {
    name: 'KAFKA_TLS',
    services: 'all',
    default: '`false`',
    description: "Connect to the brokers over TLS, trusting the system's certificate authorities.",
  },
  {
    name: 'KAFKA_TLS_CA_FILE',
    services: 'all',
    default: 'none',
    description: "A PEM file of the cluster's private certificate authority; implies TLS.",
  },
  {
    name: 'KAFKA_TOPIC_PARTITIONS',
    services: 'all',
    default: '`3`',
    description: 'Partitions of the topics a service creates (the ledger can run as many applying processes).',
  },
  {
    name: 'KAFKA_TOPIC_REPLICATION_FACTOR',
    services: 'all',
    default: "the broker's",
    description: 'Replicas of each partition of the topics a service creates.',
  },
  {
    name: 'KAFKA_CREATE_TOPICS',
    services: 'all',
    default: '`true`',
    description:
      'Whether services create missing topics. `false`: a service whose topics are missing does not start, with an error naming them (a write service that cannot reach Kafka at start still starts; its events wait in the outbox).',
  },
  {
    name: 'SHUTDOWN_DELAY_MS',
    services: 'all',
    default: '`0`',
    description:
      'How long SIGTERM keeps serving while `/readyz` answers 503 and gRPC health NOT_SERVING, so load balancers stop routing first (at most 60000).',
  },
  {
    name: 'GRPC_REFLECTION',
    services: 'all',
    default: '`true`',
    description: "Serve gRPC server reflection: the API's shape for grpcurl and Postman, no data.",
  },
  {
    name: 'TLS_CERT_FILE',
    services: 'all',
    description: 'A PEM certificate chain: with `TLS_KEY_FILE`, serve HTTPS and gRPC over TLS (both or neither).',
  },
  { name: 'TLS_KEY_FILE', services: 'all', description: 'The PEM private key of `TLS_CERT_FILE`.' },
  {
    name: 'VEZEL_VERSION',
    services: 'all',
    description: 'The release, as `service.version` on every span and metric.',
  },
];

/** Every variable a service process started by `runService` reads: its own, the access settings, telemetry's. */
export const serviceProcessEnvironment: readonly EnvironmentVariable[] = [
  ...serviceEnvironment,
  ...accessEnvironment,
  ...telemetryEnvironment,
];
