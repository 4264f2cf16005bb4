import { describe, expect, it } from 'vitest';
import { resolveKafka, resolvePostgres } from '../src/infrastructure/index.ts';

describe('infrastructure resolution order', () => {
  it('takes Kafka from KAFKA_BROKERS before anything else, and starts nothing', async () => {
    const kafka = await resolveKafka({ KAFKA_BROKERS: ' 127.0.0.1:39092,127.0.0.1:39093 ' });
    expect(kafka.source).toBe('environment');
    expect(kafka.address).toBe('127.0.0.1:39092,127.0.0.1:39093');
    await kafka.stop();
  });

  it('takes PostgreSQL from DATABASE_URL before anything else and hides its password when describing it', async () => {
    const postgres = await resolvePostgres({ DATABASE_URL: 'postgres://vezel:s3cret@127.0.0.1:5433/vezel' });
    expect(postgres.source).toBe('environment');
    expect(postgres.address).toBe('postgres://vezel:s3cret@127.0.0.1:5433/vezel');
    expect(postgres.description).not.toContain('s3cret');
  });
});
