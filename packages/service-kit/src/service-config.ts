import { readAccessConfig, type AccessConfig } from '@vezel/access';
import type { KafkaSasl } from '@vezel/messaging';

/** A service process's settings, read from the environment once at start-up. */
export interface ServiceConfig {
  /** `DATABASE_URL` (required): the PostgreSQL server. */
  readonly databaseUrl: string;
  /** `DATABASE_SCHEMA`, default the service name: the schema the service owns. */
  readonly databaseSchema: string;
  /** `EVENT_TRANSPORT`: `kafka` (default) or `postgres` (the event log as a table, for single-node set-ups). */
  readonly eventTransport: 'kafka' | 'postgres';
  /** `KAFKA_BROKERS` (required with the kafka transport): comma-separated `host:port`. */
  readonly kafkaBrokers: readonly string[];
  /** `EVENT_LOG_SCHEMA`, default `event_log`: where the postgres transport keeps the log all services share. */
  readonly eventLogSchema: string;
  /** `EVENT_TOPIC`: publish to this topic instead of the service's own `vezel.<service>.v1`. */
  readonly eventTopic: string | undefined;
  /** `HTTP_PORT`, default 8080. */
  readonly httpPort: number;
  /** `GRPC_PORT`, default 9090. */
  readonly grpcPort: number;
  /** `HOST`, default `0.0.0.0`: a service process is meant to be reached from outside its container. */
  readonly host: string;
  /** `SHUTDOWN_DRAIN_TIMEOUT_MS`, default 10000: how long shutdown waits for the outbox to empty. */
  readonly drainTimeoutMs: number;
  /**
   * `SHUTDOWN_DELAY_MS`, default 0 (at most 60000): how long shutdown keeps serving while reporting not ready, so
   * load balancers stop routing to the process before it stops accepting requests.
   */
  readonly shutdownDelayMs: number;
  /** `GRPC_REFLECTION`, default true: whether gRPC serves reflection (what grpcurl and Postman list the API by). */
  readonly grpcReflection: boolean;
  /**
   * `KAFKA_SESSION_TIMEOUT_MS`, default 30000 (6000-300000, the broker's default bounds): how long the group waits
   * for a consumer that stopped heartbeating (a crashed process) before its partitions move on.
   */
  readonly kafkaSessionTimeoutMs: number;
  /**
   * `KAFKA_SASL_MECHANISM` (`SCRAM-SHA-512`, `SCRAM-SHA-256` or `PLAIN`) with `KAFKA_SASL_USERNAME` and
   * `KAFKA_SASL_PASSWORD`, and `KAFKA_TLS` (`true`) or `KAFKA_TLS_CA_FILE` (a PEM file of the cluster's private
   * certificate authority, which implies TLS): how a managed Kafka is reached. Default neither.
   */
  readonly kafkaSecurity: KafkaSecurityConfig;
  /**
   * `KAFKA_TOPIC_PARTITIONS` (default 3), `KAFKA_TOPIC_REPLICATION_FACTOR` (default the broker's) and
   * `KAFKA_CREATE_TOPICS` (default true): how the services create the topics they need, or (false) that they must
   * find them provisioned.
   */
  readonly kafkaTopics: {
    readonly partitions: number;
    readonly replicationFactor: number | undefined;
    readonly create: boolean;
  };
  /**
   * `AUTH` (`enabled` by default, or `disabled`), `ACCESS_SCHEMA` and the `OIDC_*` issuer settings: who may call the
   * service (see `readAccessConfig` in @vezel/access).
   */
  readonly access: AccessConfig;
  /** `TLS_CERT_FILE` and `TLS_KEY_FILE` (PEM; both or neither): serve HTTPS and gRPC over TLS. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;
const brokerPattern = /^[^\s:,]+:\d{1,5}$/;

/**
 * Reads and validates the configuration of service `serviceName`. Throws one Error listing every bad variable by
 * name, so a misconfigured deployment fails at start-up with a message that says what to fix.
 */
export function readServiceConfig(serviceName: string, env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const port = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed > 65_535) problems.push(`${name} must be a TCP port (0-65535), got "${raw}"`);
    return parsed;
  };
  const identifier = (name: string, fallback: string): string => {
    const raw = value(name) ?? fallback;
    if (!identifierPattern.test(raw)) problems.push(`${name} must be a lower-case SQL identifier, got "${raw}"`);
    return raw;
  };

  const databaseUrl = value('DATABASE_URL') ?? '';
  if (databaseUrl === '') {
    problems.push('DATABASE_URL is required, e.g. postgres://user:password@host:5432/vezel');
  } else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const transport = value('EVENT_TRANSPORT') ?? 'kafka';
  if (transport !== 'kafka' && transport !== 'postgres') {
    problems.push(`EVENT_TRANSPORT must be "kafka" or "postgres", got "${transport}"`);
  }
  const brokers = (value('KAFKA_BROKERS') ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (transport === 'kafka') {
    if (brokers.length === 0) problems.push('KAFKA_BROKERS is required with EVENT_TRANSPORT=kafka, e.g. kafka:9092');
    const bad = brokers.find((broker) => !brokerPattern.test(broker));
    if (bad !== undefined) problems.push(`KAFKA_BROKERS must list host:port pairs separated by commas, got "${bad}"`);
  }

  const drainRaw = value('SHUTDOWN_DRAIN_TIMEOUT_MS');
  const drainTimeoutMs = drainRaw === undefined ? 10_000 : Number(drainRaw);
  if (drainRaw !== undefined && !/^\d+$/.test(drainRaw)) {
    problems.push(`SHUTDOWN_DRAIN_TIMEOUT_MS must be a whole number of milliseconds, got "${drainRaw}"`);
  }

  const delayRaw = value('SHUTDOWN_DELAY_MS');
  const shutdownDelayMs = delayRaw === undefined ? 0 : Number(delayRaw);
  if (delayRaw !== undefined && (!/^\d+$/.test(delayRaw) || shutdownDelayMs > 60_000)) {
    problems.push(`SHUTDOWN_DELAY_MS must be a whole number of milliseconds up to 60000, got "${delayRaw}"`);
  }

  const grpcReflection = readSwitch(value, problems, 'GRPC_REFLECTION', true);

  const sessionRaw = value('KAFKA_SESSION_TIMEOUT_MS');
  const kafkaSessionTimeoutMs = sessionRaw === undefined ? 30_000 : Number(sessionRaw);
  if (
    sessionRaw !== undefined &&
    (!/^\d+$/.test(sessionRaw) || kafkaSessionTimeoutMs < 6_000 || kafkaSessionTimeoutMs > 300_000)
  ) {
    problems.push(
      `KAFKA_SESSION_TIMEOUT_MS must be a whole number of milliseconds from 6000 to 300000, got "${sessionRaw}"`,
    );
  }

  const kafkaSecurity = readKafkaSecurity(value, problems);
  const partitionsRaw = value('KAFKA_TOPIC_PARTITIONS');
  if (partitionsRaw !== undefined && (!/^[1-9]\d{0,3}$/.test(partitionsRaw) || Number(partitionsRaw) > 1_000)) {
    problems.push(`KAFKA_TOPIC_PARTITIONS must be a whole number from 1 to 1000, got "${partitionsRaw}"`);
  }
  const replicationRaw = value('KAFKA_TOPIC_REPLICATION_FACTOR');
  if (replicationRaw !== undefined && !/^[1-9]\d?$/.test(replicationRaw)) {
    problems.push(`KAFKA_TOPIC_REPLICATION_FACTOR must be a whole number from 1 to 99, got "${replicationRaw}"`);
  }
  const kafkaTopics = {
    partitions: partitionsRaw === undefined ? 3 : Number(partitionsRaw),
    replicationFactor: replicationRaw === undefined ? undefined : Number(replicationRaw),
    create: readSwitch(value, problems, 'KAFKA_CREATE_TOPICS', true),
  };

  const certFile = value('TLS_CERT_FILE');
  const keyFile = value('TLS_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE go together: give both or neither');
  }
  const access = readAccessConfig(env);
  problems.push(...access.problems);

  const config: ServiceConfig = {
    databaseUrl,
    databaseSchema: identifier('DATABASE_SCHEMA', serviceName),
    eventTransport: transport === 'postgres' ? 'postgres' : 'kafka',
    kafkaBrokers: brokers,
    eventLogSchema: identifier('EVENT_LOG_SCHEMA', 'event_log'),
    eventTopic: value('EVENT_TOPIC'),
    httpPort: port('HTTP_PORT', 8080),
    grpcPort: port('GRPC_PORT', 9090),
    host: value('HOST') ?? '0.0.0.0',
    drainTimeoutMs,
    shutdownDelayMs,
    grpcReflection,
    kafkaSessionTimeoutMs,
    kafkaSecurity,
    kafkaTopics,
    access: access.config,
    tls: certFile === undefined || keyFile === undefined ? undefined : { certFile, keyFile },
  };
  if (problems.length > 0) {
    throw new Error(`invalid configuration of the ${serviceName} service:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/** SASL credentials and TLS for the Kafka brokers, as configured. */
export interface KafkaSecurityConfig {
  readonly sasl?: KafkaSasl;
  /** `true`: TLS trusting the system's authorities; `{ caFile }`: TLS trusting that PEM file's authority. */
  readonly tls?: true | { readonly caFile: string };
}

const SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;

function readKafkaSecurity(value: (name: string) => string | undefined, problems: string[]): KafkaSecurityConfig {
  const mechanism = value('KAFKA_SASL_MECHANISM');
  const username = value('KAFKA_SASL_USERNAME');
  const password = value('KAFKA_SASL_PASSWORD');
  let sasl: KafkaSasl | undefined;
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined) {
      problems.push(
        'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM (SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN)',
      );
    }
  } else if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, got "${mechanism}"`);
  } else if (username === undefined || password === undefined) {
    problems.push(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  } else {
    sasl = { mechanism: mechanism as KafkaSasl['mechanism'], username, password };
  }
  const tlsOn = readSwitch(value, problems, 'KAFKA_TLS', false);
  const caFile = value('KAFKA_TLS_CA_FILE');
  const tls = caFile !== undefined ? { caFile } : tlsOn ? (true as const) : undefined;
  return { ...(sasl === undefined ? {} : { sasl }), ...(tls === undefined ? {} : { tls }) };
}

/** A `true` / `false` setting, `fallback` when unset; anything else is a problem naming it. */
function readSwitch(
  value: (name: string) => string | undefined,
  problems: string[],
  name: string,
  fallback: boolean,
): boolean {
  const raw = value(name);
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') problems.push(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}
