import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveKafkaSaslSsl, type ResolvedService } from '../src/infrastructure/resolve-infrastructure.ts';

const noop = async (): Promise<void> => {};
const fromEnvironment = (address: string): ResolvedService => ({
  address,
  source: 'environment',
  description: address,
  stop: noop,
});

describe('finding the test broker’s SASL_SSL listener', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vezel-sasl-ssl-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes KAFKA_SASL_SSL_BROKERS with the authority in KAFKA_SASL_SSL_CA_FILE', async () => {
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, 'PEM');
    const env = { KAFKA_SASL_SSL_BROKERS: ' kafka-1.example:9094 ', KAFKA_SASL_SSL_CA_FILE: caFile };
    expect(await resolveKafkaSaslSsl(fromEnvironment('kafka-1.example:9092'), env)).toEqual({
      brokers: 'kafka-1.example:9094',
      caFile,
    });
  });

  it('names what is missing when KAFKA_SASL_SSL_BROKERS comes without its authority', async () => {
    const kafka = fromEnvironment('kafka-1.example:9092');
    await expect(resolveKafkaSaslSsl(kafka, { KAFKA_SASL_SSL_BROKERS: 'kafka-1.example:9094' })).rejects.toThrow(
      /KAFKA_SASL_SSL_CA_FILE/,
    );
    const env = { KAFKA_SASL_SSL_BROKERS: 'kafka-1.example:9094', KAFKA_SASL_SSL_CA_FILE: join(dir, 'nowhere.pem') };
    await expect(resolveKafkaSaslSsl(kafka, env)).rejects.toThrow(/nowhere\.pem: no such file/);
  });

  it('has none for a broker that is not the local script’s', async () => {
    expect(await resolveKafkaSaslSsl(fromEnvironment('10.0.0.7:9092'), { KAFKA_PORT: '39192' })).toBeUndefined();
  });

  it('asks deploy/local/kafka.sh for its listener and authority, and has none before the script made one', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_PORT: '39192', VEZEL_INFRA_DIR: dir };
    for (const name of ['KAFKA_SASL_SSL_BROKERS', 'KAFKA_SASL_SSL_PORT', 'KAFKA_CONTROLLER_PORT']) delete env[name];
    const kafka = fromEnvironment('127.0.0.1:39192');
    expect(await resolveKafkaSaslSsl(kafka, env)).toBeUndefined();

    const caFile = join(dir, 'kafka-39192', 'tls', 'ca.pem');
    await mkdir(join(dir, 'kafka-39192', 'tls'), { recursive: true });
    await writeFile(caFile, 'PEM');
    expect(await resolveKafkaSaslSsl(kafka, env)).toEqual({ brokers: 'localhost:39195', caFile });
    expect(await resolveKafkaSaslSsl(kafka, { ...env, KAFKA_SASL_SSL_PORT: '39999' })).toEqual({
      brokers: 'localhost:39999',
      caFile,
    });
  });
});
