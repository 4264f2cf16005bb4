import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import './provided-infrastructure.ts';

/** Kafka bootstrap servers resolved by the integration global set-up. */
export function testKafkaBrokers(): string[] {
  return inject('kafkaBrokers').split(',');
}

/**
 * The test broker's SASL listener (SCRAM-SHA-512 and PLAIN, user `vezel`, password `vezel-local-secret`), which
 * deploy/local/kafka.sh opens; throws naming `KAFKA_SASL_BROKERS` when the run's broker has none.
 */
export function testKafkaSaslBrokers(): string[] {
  const brokers = inject('kafkaSaslBrokers');
  if (brokers === '') {
    throw new Error(
      'the test broker has no SASL listener: use deploy/local/kafka.sh, or set KAFKA_SASL_BROKERS to a listener ' +
        'with SCRAM-SHA-512 and PLAIN for user vezel (password vezel-local-secret)',
    );
  }
  return brokers.split(',');
}

/**
 * The test broker's SASL_SSL listener: TLS with a certificate for 127.0.0.1 and localhost that `caFile` (PEM, a local
 * authority deploy/local/kafka.sh makes) signed, then the same SASL users as `testKafkaSaslBrokers`. Throws naming
 * `KAFKA_SASL_SSL_BROKERS` when the run's broker has none.
 */
export function testKafkaSaslSsl(): { readonly brokers: string[]; readonly caFile: string } {
  const brokers = inject('kafkaSaslSslBrokers');
  if (brokers === '') {
    throw new Error(
      'the test broker has no SASL_SSL listener: use deploy/local/kafka.sh (a broker it started before it had one ' +
        'opens it after `kafka.sh down` and `up`), or set KAFKA_SASL_SSL_BROKERS and KAFKA_SASL_SSL_CA_FILE to a ' +
        'listener with SCRAM-SHA-512 and PLAIN for user vezel (password vezel-local-secret) and its authority',
    );
  }
  return { brokers: brokers.split(','), caFile: inject('kafkaSaslSslCaFile') };
}

/**
 * Creates a fresh, empty database for one test file (or one test) and returns its URL. Databases are named after
 * the run so the global teardown drops them all, even when a test crashes.
 */
export async function createTestDatabase(label = 'db'): Promise<string> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `vezel_${inject('testRunId')}_${sanitize(label)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A topic name no other test file or run uses. */
export function uniqueTopicName(label: string): string {
  return `test.${inject('testRunId')}.${sanitize(label)}.${randomBytes(3).toString('hex')}`;
}

/** A consumer group id no other test file or run uses. */
export function uniqueGroupId(label: string): string {
  return `test-${inject('testRunId')}-${sanitize(label)}-${randomBytes(3).toString('hex')}`;
}

function sanitize(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
}
