import { describe, expect, it } from 'vitest';
import { readServiceConfig } from '../src/service-config.ts';

const minimal = { DATABASE_URL: 'postgres://vezel@db:5432/vezel', KAFKA_BROKERS: 'kafka:9092' };

describe('service configuration', () => {
  it('fills in the defaults', () => {
    expect(readServiceConfig('collection', minimal)).toEqual({
      databaseUrl: 'postgres://vezel@db:5432/vezel',
      databaseSchema: 'collection',
      eventTransport: 'kafka',
      kafkaBrokers: ['kafka:9092'],
      eventLogSchema: 'event_log',
      eventTopic: undefined,
      httpPort: 8080,
      grpcPort: 9090,
      host: '0.0.0.0',
      drainTimeoutMs: 10_000,
      shutdownDelayMs: 0,
      kafkaSecurity: {},
      kafkaTopics: { partitions: 3, replicationFactor: undefined, create: true },
      grpcReflection: true,
      kafkaSessionTimeoutMs: 30_000,
      access: {
        mode: 'enabled',
        schema: 'access',
        bearerTokens: undefined,
        rateLimit: { perSecond: 1_000, burst: 2_000 },
      },
      tls: undefined,
    });
  });

  it('serves TLS when given a certificate and its key, and names one given without the other', () => {
    const tls = { TLS_CERT_FILE: '/run/secrets/tls.crt', TLS_KEY_FILE: '/run/secrets/tls.key' };
    expect(readServiceConfig('retail', { ...minimal, ...tls }).tls).toEqual({
      certFile: '/run/secrets/tls.crt',
      keyFile: '/run/secrets/tls.key',
    });
    expect(() => readServiceConfig('retail', { ...minimal, TLS_CERT_FILE: '/run/secrets/tls.crt' })).toThrow(
      /TLS_CERT_FILE and TLS_KEY_FILE go together/,
    );
  });

  it('authenticates unless told not to by name, and names a bad access setting', () => {
    expect(readServiceConfig('retail', { ...minimal, AUTH: 'disabled' }).access).toEqual({ mode: 'disabled' });
    expect(() => readServiceConfig('retail', { ...minimal, AUTH: 'off' })).toThrow(
      /AUTH must be "enabled" or "disabled", got "off"/,
    );
  });

  it('reads the Kafka session timeout within the broker bounds', () => {
    expect(readServiceConfig('ledger', { ...minimal, KAFKA_SESSION_TIMEOUT_MS: '6000' }).kafkaSessionTimeoutMs).toBe(
      6_000,
    );
    expect(() => readServiceConfig('ledger', { ...minimal, KAFKA_SESSION_TIMEOUT_MS: '500' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS must be/,
    );
    expect(() => readServiceConfig('ledger', { ...minimal, KAFKA_SESSION_TIMEOUT_MS: 'soon' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS must be/,
    );
  });

  it('reads how topics are created, or that they must exist, and names a bad value', () => {
    expect(
      readServiceConfig('collection', {
        ...minimal,
        KAFKA_TOPIC_PARTITIONS: '12',
        KAFKA_TOPIC_REPLICATION_FACTOR: '3',
        KAFKA_CREATE_TOPICS: 'false',
      }).kafkaTopics,
    ).toEqual({ partitions: 12, replicationFactor: 3, create: false });
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_TOPIC_PARTITIONS: '0' })).toThrow(
      'KAFKA_TOPIC_PARTITIONS must be a whole number from 1 to 1000, got "0"',
    );
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_TOPIC_REPLICATION_FACTOR: '-1' })).toThrow(
      'KAFKA_TOPIC_REPLICATION_FACTOR must be a whole number from 1 to 99, got "-1"',
    );
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_CREATE_TOPICS: 'no' })).toThrow(
      'KAFKA_CREATE_TOPICS must be true or false, got "no"',
    );
  });

  it('reads SASL credentials and TLS for a managed Kafka, and names what is missing or wrong', () => {
    const scram = {
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'vezel',
      KAFKA_SASL_PASSWORD: 's3cret',
    };
    expect(readServiceConfig('collection', { ...minimal, ...scram, KAFKA_TLS: 'true' }).kafkaSecurity).toEqual({
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 's3cret' },
      tls: true,
    });
    expect(
      readServiceConfig('collection', { ...minimal, KAFKA_TLS_CA_FILE: '/etc/kafka/ca.pem' }).kafkaSecurity,
    ).toEqual({ tls: { caFile: '/etc/kafka/ca.pem' } });
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_SASL_MECHANISM: 'GSSAPI' })).toThrow(
      'KAFKA_SASL_MECHANISM must be one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN, got "GSSAPI"',
    );
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_SASL_MECHANISM: 'PLAIN' })).toThrow(
      'KAFKA_SASL_MECHANISM=PLAIN needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    );
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_SASL_PASSWORD: 's3cret' })).toThrow(
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM',
    );
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_TLS: 'yes' })).toThrow(
      'KAFKA_TLS must be true or false, got "yes"',
    );
  });

  it('keeps serving while not ready for SHUTDOWN_DELAY_MS on a stop, up to a minute, and names a bad value', () => {
    expect(readServiceConfig('collection', { ...minimal, SHUTDOWN_DELAY_MS: '5000' }).shutdownDelayMs).toBe(5_000);
    expect(() => readServiceConfig('collection', { ...minimal, SHUTDOWN_DELAY_MS: '120000' })).toThrow(
      'SHUTDOWN_DELAY_MS must be a whole number of milliseconds up to 60000, got "120000"',
    );
  });

  it('serves gRPC reflection unless GRPC_REFLECTION is false, and names a bad value', () => {
    expect(readServiceConfig('ledger', { ...minimal, GRPC_REFLECTION: 'false' }).grpcReflection).toBe(false);
    expect(() => readServiceConfig('ledger', { ...minimal, GRPC_REFLECTION: 'off' })).toThrow(
      /GRPC_REFLECTION must be true or false, got "off"/,
    );
  });

  it('names a missing DATABASE_URL', () => {
    expect(() => readServiceConfig('collection', { KAFKA_BROKERS: 'kafka:9092' })).toThrow(/DATABASE_URL is required/);
  });

  it('needs KAFKA_BROKERS only with the kafka transport', () => {
    expect(() => readServiceConfig('collection', { DATABASE_URL: minimal.DATABASE_URL })).toThrow(
      /KAFKA_BROKERS is required/,
    );
    expect(
      readServiceConfig('collection', { DATABASE_URL: minimal.DATABASE_URL, EVENT_TRANSPORT: 'postgres' })
        .eventTransport,
    ).toBe('postgres');
  });

  it('lists every bad variable at once, by name', () => {
    const attempt = () =>
      readServiceConfig('collection', {
        ...minimal,
        HTTP_PORT: 'eighty',
        GRPC_PORT: '70000',
        EVENT_TRANSPORT: 'rabbit',
        KAFKA_BROKERS: 'kafka',
      });
    expect(attempt).toThrow(/HTTP_PORT must be a TCP port/);
    expect(attempt).toThrow(/GRPC_PORT must be a TCP port/);
    expect(attempt).toThrow(/EVENT_TRANSPORT must be "kafka" or "postgres"/);
  });

  it('reads the brokers of a cluster and the ports', () => {
    const config = readServiceConfig('sorting', {
      ...minimal,
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      HTTP_PORT: '0',
      GRPC_PORT: '0',
    });
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect([config.httpPort, config.grpcPort]).toEqual([0, 0]);
    expect(config.databaseSchema).toBe('sorting');
  });

  it('rejects a broker without a port', () => {
    expect(() => readServiceConfig('collection', { ...minimal, KAFKA_BROKERS: 'kafka' })).toThrow(
      /KAFKA_BROKERS must list host:port/,
    );
  });
});
