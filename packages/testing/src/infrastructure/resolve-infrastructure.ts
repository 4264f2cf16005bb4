import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { parseBrokerAddresses } from './broker-addresses.ts';

const run = promisify(execFile);

/** Where a piece of infrastructure came from, printed so a test run shows what it really talked to. */
export type InfrastructureSource = 'environment' | 'local script' | 'local server' | 'testcontainers';

export interface ResolvedService {
  /** `host:port[,host:port]` for Kafka, a connection URL for PostgreSQL. */
  readonly address: string;
  readonly source: InfrastructureSource;
  readonly description: string;
  /** Stops what this resolution started (nothing when it found something already running). */
  readonly stop: () => Promise<void>;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const kafkaScript = join(repoRoot, 'deploy/local/kafka.sh');

/**
 * Finds a Kafka broker in the documented order: `KAFKA_BROKERS`; the project's local broker script (Apache Kafka
 * from Maven Central jars, needs java and mvn); a testcontainers Kafka where a Docker engine answers.
 */
export async function resolveKafka(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedService> {
  const fromEnvText = env['KAFKA_BROKERS']?.trim();
  if (fromEnvText) {
    const fromEnv = parseBrokerAddresses(fromEnvText, 'KAFKA_BROKERS');
    return { address: fromEnv, source: 'environment', description: `KAFKA_BROKERS=${fromEnv}`, stop: noop };
  }
  if (existsSync(kafkaScript) && (await commandExists('java')) && (await commandExists('mvn'))) {
    const wasRunning = await run('bash', [kafkaScript, 'status']).then(
      () => true,
      () => false,
    );
    const address = parseBrokerAddresses(await startLocalBroker(env), `${kafkaScript} up`);
    const version = env['KAFKA_VERSION'] ?? '4.1.2';
    return {
      address,
      source: 'local script',
      description: `Apache Kafka ${version} (KRaft, deploy/local/kafka.sh${wasRunning ? ', already running' : ''}) at ${address}`,
      stop: wasRunning ? noop : async () => void (await run('bash', [kafkaScript, 'down'])),
    };
  }
  if (await dockerEngineAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('apache/kafka:4.1.2').withKraft().start();
    const address = `${container.getHost()}:${container.getMappedPort(9093)}`;
    return {
      address,
      source: 'testcontainers',
      description: `apache/kafka:4.1.2 container at ${address}`,
      stop: async () => void (await container.stop()),
    };
  }
  throw new Error(
    'No Kafka broker: set KAFKA_BROKERS, or install java and maven (apt-get install openjdk-17-jre-headless maven) ' +
      'so deploy/local/kafka.sh can assemble one, or run a Docker engine for testcontainers.',
  );
}

/**
 * The SASL listener of the broker `kafka` resolved to: `KAFKA_SASL_BROKERS`, else the local broker script's (when
 * the run uses that broker, started here or named by `KAFKA_BROKERS`); undefined when there is none.
 */
export async function resolveKafkaSasl(
  kafka: ResolvedService,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const fromEnv = env['KAFKA_SASL_BROKERS']?.trim();
  if (fromEnv) return parseBrokerAddresses(fromEnv, 'KAFKA_SASL_BROKERS');
  const scriptBroker = `127.0.0.1:${env['KAFKA_PORT'] ?? '19092'}`;
  if (kafka.source !== 'local script' && kafka.address !== scriptBroker) return undefined;
  if (!existsSync(kafkaScript)) return undefined;
  const { stdout } = await run('bash', [kafkaScript, 'sasl-address'], { env });
  return parseBrokerAddresses(stdout.trim(), `${kafkaScript} sasl-address`);
}

/** A TLS listener: its addresses and the PEM file of the certificate authority that signed its certificate. */
export interface KafkaTlsListener {
  readonly brokers: string;
  readonly caFile: string;
}

/**
 * The SASL_SSL listener (TLS, then SASL) of the broker `kafka` resolved to: `KAFKA_SASL_SSL_BROKERS` with
 * `KAFKA_SASL_SSL_CA_FILE` (a PEM file: the tests prove a client without it is refused), else the local broker
 * script's (when the run uses that broker, started here or named by `KAFKA_BROKERS`); undefined when there is none.
 * Not `KAFKA_TLS_CA_FILE`: that is the services' own setting, which the processes tests start would inherit.
 */
export async function resolveKafkaSaslSsl(
  kafka: ResolvedService,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KafkaTlsListener | undefined> {
  const fromEnv = env['KAFKA_SASL_SSL_BROKERS']?.trim();
  if (fromEnv) {
    const caFile = env['KAFKA_SASL_SSL_CA_FILE']?.trim();
    if (!caFile) {
      throw new Error(
        'KAFKA_SASL_SSL_BROKERS needs KAFKA_SASL_SSL_CA_FILE: the PEM file of the authority that signed its certificate',
      );
    }
    if (!existsSync(caFile)) throw new Error(`KAFKA_SASL_SSL_CA_FILE=${caFile}: no such file`);
    return { brokers: parseBrokerAddresses(fromEnv, 'KAFKA_SASL_SSL_BROKERS'), caFile };
  }
  const scriptBroker = `127.0.0.1:${env['KAFKA_PORT'] ?? '19092'}`;
  if (kafka.source !== 'local script' && kafka.address !== scriptBroker) return undefined;
  if (!existsSync(kafkaScript)) return undefined;
  // The script has no authority before its first `up` with the listener: a broker started before it existed.
  const caFile = await run('bash', [kafkaScript, 'tls-ca-file'], { env }).then(
    ({ stdout }) => stdout.trim(),
    () => undefined,
  );
  if (caFile === undefined || !existsSync(caFile)) return undefined;
  const { stdout } = await run('bash', [kafkaScript, 'tls-address'], { env });
  return { brokers: parseBrokerAddresses(stdout.trim(), `${kafkaScript} tls-address`), caFile };
}

/**
 * Runs `kafka.sh up`, whose stdout is exactly the broker's address. Its stderr (what a first run assembles from
 * Maven Central, the broker's start) is passed through, so a run's log shows it.
 */
async function startLocalBroker(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn('bash', [kafkaScript, 'up'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (exitCode !== 0)
    throw new Error(`${kafkaScript} up failed with exit code ${String(exitCode)} (its output is above)`);
  return stdout;
}

/**
 * Finds a PostgreSQL server in the documented order: `DATABASE_URL`; the machine's local server on 127.0.0.1:5432
 * (started with pg_ctlcluster when it is installed but down); a testcontainers PostgreSQL.
 * The address is an admin URL: tests create their own databases through it.
 */
export async function resolvePostgres(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedService> {
  const fromEnv = env['DATABASE_URL']?.trim();
  if (fromEnv) {
    return { address: fromEnv, source: 'environment', description: `DATABASE_URL=${redact(fromEnv)}`, stop: noop };
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(local)) {
    return { address: local, source: 'local server', description: `local PostgreSQL at 127.0.0.1:5432`, stop: noop };
  }
  if (await startLocalCluster()) {
    if (await waitFor(() => postgresAnswers(local), 30_000)) {
      return {
        address: local,
        source: 'local server',
        description: `local PostgreSQL (started) at 127.0.0.1:5432`,
        stop: noop,
      };
    }
  }
  if (await dockerEngineAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17').start();
    return {
      address: container.getConnectionUri(),
      source: 'testcontainers',
      description: `postgres:17 container`,
      stop: async () => void (await container.stop()),
    };
  }
  throw new Error(
    'No PostgreSQL: set DATABASE_URL, or run a local PostgreSQL on 127.0.0.1:5432 with trust auth, or a Docker engine.',
  );
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(noop);
  }
}

async function startLocalCluster(): Promise<boolean> {
  if (!(await commandExists('pg_ctlcluster')) || !existsSync('/etc/postgresql')) return false;
  try {
    const { stdout } = await run('ls', ['/etc/postgresql']);
    const version = stdout.trim().split('\n')[0];
    if (!version) return false;
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    return true;
  } catch {
    return false;
  }
}

async function dockerEngineAnswers(): Promise<boolean> {
  return run('docker', ['info'], { timeout: 5_000 }).then(
    () => true,
    () => false,
  );
}

async function commandExists(command: string): Promise<boolean> {
  return run('bash', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function noop(): Promise<void> {}
