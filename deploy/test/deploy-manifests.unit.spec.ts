// Static checks of the deployment files, for a machine without a container engine or a cluster: every YAML file
// parses; every Kubernetes object passes its API schema; and the compose file, the manifests and the image agree
// with the code on images, ports, environment variables and probe paths.
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventCatalogue } from '@vezel/contracts';
import { createHttpApp } from '@vezel/rpc';
import { readServiceConfig, serviceProcessEnvironment, type EnvironmentVariable } from '@vezel/service-kit';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
// The ledger's package exports its module and rebuild command only; its settings file holds the catalogue.
// eslint-disable-next-line no-restricted-imports
import { ledgerEnvironment, readLedgerSettings } from '../../services/ledger/src/ledger-settings.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readText = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The documents of a YAML file as plain values; throws on any error or warning, naming the file. */
function yamlDocuments(path: string): unknown[] {
  // Merge keys (`<<: *service`) are how docker-compose.yml shares settings between services.
  const documents = parseAllDocuments(readText(path), { merge: true, prettyErrors: true });
  const problems = documents.flatMap((document) => [...document.errors, ...document.warnings]);
  if (problems.length > 0) throw new Error(`${path}:\n${problems.map((problem) => problem.message).join('\n')}`);
  return documents.map((document) => document.toJS() as unknown).filter((value) => value !== null);
}

const services = [...Object.keys(eventCatalogue), 'ledger'];
const chainTopics = Object.values(eventCatalogue).map(({ topic }) => topic);
const catalogue: readonly EnvironmentVariable[] = [...serviceProcessEnvironment, ...ledgerEnvironment];
// Read by Node itself, not by Vezel: the ledger caps its old space with it.
const runtimeVariables = ['NODE_OPTIONS'];
// What a Secret would hold, for running the parsers over a container's environment.
const secretSamples: Readonly<Record<string, string>> = { DATABASE_URL: 'postgres://vezel:secret@postgres:5432/vezel' };

const readBy = (service: string): readonly EnvironmentVariable[] =>
  catalogue.filter((variable) => variable.services === 'all' || variable.services.includes(service));

/** What is wrong with a service container's environment: names no parser of the service reads, required ones unset. */
function environmentProblems(service: string, env: Readonly<Record<string, string>>): string[] {
  const known = new Set([...readBy(service).map(({ name }) => name), ...runtimeVariables]);
  const unknown = Object.keys(env)
    .filter((name) => !known.has(name))
    .map((name) => `${service}: ${name} is set, but nothing in the ${service} service reads it`);
  const missing = readBy(service)
    .filter(({ name, required }) => {
      if (required === undefined || env[name] !== undefined) return false;
      return required === true || env[required.unless.name] !== required.unless.value;
    })
    .map(({ name }) => `${service}: ${name} is required and not set`);
  return [...unknown, ...missing];
}

/** Runs the service's own parsers over an environment: they throw, naming the variable, on anything they refuse. */
async function parsedConfig(service: string, env: Readonly<Record<string, string>>) {
  const config = readServiceConfig(service, env);
  if (service === 'ledger') await readLedgerSettings(env);
  return config;
}

// ---- the files -------------------------------------------------------------------------------------------------

const yamlFiles = [
  'docker-compose.yml',
  ...readdirSync(join(root, 'deploy'), { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => join('deploy', path)),
];
const kubernetesFiles = yamlFiles.filter((path) => path.startsWith(join('deploy', 'kubernetes')));

interface KubernetesDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
}
const kubernetesDocuments = kubernetesFiles.flatMap((path) =>
  yamlDocuments(path).map((document) => ({ path, document: document as KubernetesDocument })),
);
const objectsOf = <T>(kind: string): T[] =>
  kubernetesDocuments.filter(({ document }) => document.kind === kind).map(({ document }) => document as T);

/** The models whose bundled OpenAPI schemas validate each kind the manifests use. */
const models: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly dockerfile?: string; readonly args?: Readonly<Record<string, string>> };
  readonly environment?: Readonly<Record<string, string | number>>;
  readonly env_file?: string | readonly string[];
  readonly ports?: readonly string[];
  readonly command?: readonly string[];
  readonly read_only?: boolean;
  readonly tmpfs?: readonly string[];
}
const composeText = readText('docker-compose.yml');
const compose = yamlDocuments('docker-compose.yml')[0] as { services: Readonly<Record<string, ComposeService>> };
const envExample = new Map(
  readText('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);
const interpolation = /\$\{([A-Za-z0-9_]+)(?::?[-?+][^}]*)?\}/g;
const dockerfile = readText('deploy/docker/Dockerfile');
const initScript = readText('deploy/docker/postgres/init-databases.sh');

/** A compose service's environment with `${NAME}` filled in, as `docker compose` would from a complete `.env`. */
const composeEnvironmentOf = (service: ComposeService): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [
      name,
      String(value).replaceAll(interpolation, 'example'),
    ]),
  );

/** The topics a shell script creates in a `for topic in ...; do` loop. */
const topicsCreatedBy = (script: string): string[] =>
  (/for topic in ([^;]+); do/.exec(script)?.[1] ?? '').trim().split(/\s+/);

// ---- the HTTP app the probes ask ---------------------------------------------------------------------------------

let probeServer: Server;
let probeBase: string;
beforeAll(async () => {
  probeServer = createHttpApp({ serviceName: 'probe', routes: [] }).listen(0, '127.0.0.1');
  await once(probeServer, 'listening');
  probeBase = `http://127.0.0.1:${(probeServer.address() as AddressInfo).port}`;
});
afterAll(() => {
  probeServer.close();
});
const probeStatus = async (path: string): Promise<number> => (await fetch(`${probeBase}${path}`)).status;

describe('the deployment files', () => {
  it.each(yamlFiles)('%s parses as YAML', (path) => {
    expect(yamlDocuments(path).length).toBeGreaterThan(0);
  });

  it('include a Kubernetes object of every kind the checks below look at', () => {
    expect(new Set(kubernetesDocuments.map(({ document }) => document.kind))).toEqual(
      new Set(['Kustomization', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget', 'Job']),
    );
  });
});

describe('the Kubernetes manifests', () => {
  it.each(kubernetesDocuments.filter(({ document }) => document.kind !== 'Kustomization'))(
    '$document.kind $document.metadata.name in $path passes its API schema',
    ({ document }) => {
      const model = models[`${document.apiVersion}/${document.kind}`];
      expect(model, `no schema model for ${document.apiVersion} ${document.kind}: add it above`).toBeDefined();
      expect(() => new model!(document as never).validate()).not.toThrow();
    },
  );

  it('list every manifest in their directory in its kustomization, and only files that exist', () => {
    for (const path of kubernetesFiles.filter((file) => file.endsWith('kustomization.yaml'))) {
      const directory = path.slice(0, path.lastIndexOf('/'));
      const [kustomization] = yamlDocuments(path) as [{ resources: string[] }];
      const siblings = kubernetesFiles
        .filter((file) => file.startsWith(`${directory}/`) && !file.slice(directory.length + 1).includes('/'))
        .map((file) => file.slice(directory.length + 1))
        .filter((file) => file !== 'kustomization.yaml');
      expect(kustomization.resources.toSorted(), path).toEqual(siblings.toSorted());
    }
  });

  const configMaps = new Map(
    objectsOf<ConfigMap>('ConfigMap').map((configMap) => [configMap.metadata!.name!, configMap.data ?? {}]),
  );
  const deployments = objectsOf<Deployment>('Deployment');

  it('run each service from its own image, the ledger in several processes', () => {
    expect(deployments.map((deployment) => deployment.metadata?.name).toSorted()).toEqual(services.toSorted());
    for (const deployment of deployments) {
      const service = deployment.metadata!.name!;
      const containers = deployment.spec!.template.spec!.containers;
      expect(containers.map(({ image }) => image?.split(':')[0])).toEqual([`vezel/${service}`]);
    }
    const ledger = deployments.find((deployment) => deployment.metadata?.name === 'ledger');
    expect(ledger?.spec?.replicas).toBeGreaterThanOrEqual(2);
  });

  /** A container's environment as the kubelet would build it, secrets replaced by samples. */
  function environmentOf(container: IContainer): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      const data = configMaps.get(source.configMapRef?.name ?? '');
      expect(data, `${container.name}: envFrom names no ConfigMap of the manifests (secrets go by key)`).toBeDefined();
      Object.assign(env, data);
    }
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef;
      const fromConfigMap = variable.valueFrom?.configMapKeyRef;
      const value =
        variable.value ??
        (secret === undefined ? undefined : secretSamples[secret.key]) ??
        (fromConfigMap === undefined ? undefined : configMaps.get(fromConfigMap.name ?? '')?.[fromConfigMap.key]);
      expect(value, `${container.name}: where ${variable.name} comes from`).toBeDefined();
      env[variable.name] = value!;
    }
    return env;
  }

  it.each(services)(
    'give %s the variables it reads, its secrets from a Secret, and values its parsers take',
    async (service) => {
      const deployment = deployments.find((candidate) => candidate.metadata?.name === service)!;
      const [container] = deployment.spec!.template.spec!.containers;
      const env = environmentOf(container!);
      expect(environmentProblems(service, env)).toEqual([]);
      expect(container!.env?.find(({ name }) => name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe(
        `vezel-${service}`,
      );
      const config = await parsedConfig(service, env);
      const ports = new Map((container!.ports ?? []).map((port) => [port.name, port.containerPort]));
      expect(ports).toEqual(
        new Map([
          ['http', config.httpPort],
          ['grpc', config.grpcPort],
          ['metrics', Number(env['OTEL_EXPORTER_PROMETHEUS_PORT'])],
        ]),
      );
    },
  );

  it.each(services)('probe %s on paths its HTTP app serves', async (service) => {
    const deployment = deployments.find((candidate) => candidate.metadata?.name === service)!;
    const [container] = deployment.spec!.template.spec!.containers;
    const probes = {
      startup: container!.startupProbe,
      readiness: container!.readinessProbe,
      liveness: container!.livenessProbe,
    };
    expect(probes.readiness?.httpGet?.path).toBe('/readyz');
    expect(probes.liveness?.httpGet?.path).toBe('/healthz');
    for (const [kind, probe] of Object.entries(probes)) {
      expect(probe?.httpGet?.port, `${kind} probe`).toBe('http');
      expect(await probeStatus(probe!.httpGet!.path!), `${kind} probe ${probe?.httpGet?.path}`).toBe(200);
    }
  });

  it.each([...services, 'vezel-kafka-topics'])(
    'run %s as a non-root user on a read-only root with /tmp writable',
    (name) => {
      const pod: IPodSpec | undefined = [
        ...deployments.map((deployment) => ({ name: deployment.metadata?.name, spec: deployment.spec?.template.spec })),
        ...objectsOf<Job>('Job').map((job) => ({ name: job.metadata?.name, spec: job.spec?.template.spec })),
      ].find((candidate) => candidate.name === name)?.spec;
      expect(pod?.securityContext?.runAsNonRoot).toBe(true);
      expect(pod?.automountServiceAccountToken).toBe(false);
      for (const container of pod!.containers) {
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.requests?.['memory'], 'a memory request').toBeDefined();
        expect(container.resources?.limits?.['memory'], 'a memory limit').toBeDefined();
        const tmp = container.volumeMounts?.find(({ mountPath }) => mountPath === '/tmp');
        expect(pod!.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
      }
    },
  );

  it('give every Deployment a Service on its named ports', () => {
    for (const deployment of deployments) {
      const service = objectsOf<Service>('Service').find(
        (candidate) => candidate.metadata?.name === deployment.metadata?.name,
      );
      expect(deployment.spec?.template.metadata?.labels).toMatchObject(service?.spec?.selector ?? { missing: true });
      const named = new Set(
        deployment.spec!.template.spec!.containers.flatMap(({ ports }) => ports ?? []).map(({ name }) => name),
      );
      for (const port of service!.spec!.ports!) expect(named).toContain(port.targetPort);
    }
  });

  it('create the chain topics on the brokers the services use', () => {
    const [job] = objectsOf<Job>('Job');
    const [container] = job!.spec!.template.spec!.containers;
    expect(topicsCreatedBy(container!.args!.join('\n')).toSorted()).toEqual(chainTopics.toSorted());
    const bootstrap = container!.env?.find(({ name }) => name === 'BOOTSTRAP_SERVERS')?.value;
    expect(bootstrap).toBe(configMaps.get('vezel')?.['KAFKA_BROKERS']);
  });
});

describe('docker-compose.yml', () => {
  const interpolated = [...composeText.matchAll(interpolation)].map(([, name]) => name!);

  it.each(services)('builds %s from the one Dockerfile and runs it with values its parsers take', async (name) => {
    const service = compose.services[name]!;
    expect(service.image).toBe(`vezel/${name}:local`);
    expect(service.build).toMatchObject({ dockerfile: 'deploy/docker/Dockerfile', args: { SERVICE: name } });
    const env = composeEnvironmentOf(service);
    expect(environmentProblems(name, env)).toEqual([]);
    const config = await parsedConfig(name, env);
    // Only the HTTP API is published; gRPC and metrics stay on the compose network.
    expect(service.ports?.map((port) => port.split(':').at(-1))).toEqual([String(config.httpPort)]);
  });

  it('writes no password: the database URLs take theirs from .env', () => {
    for (const name of services) {
      const url = String(compose.services[name]!.environment?.['DATABASE_URL']);
      expect(new URL(url.replaceAll(interpolation, (_, variable: string) => `__${variable}__`)).password).toBe(
        `__${name.toUpperCase()}_DB_PASSWORD__`,
      );
    }
    const postgres = compose.services['postgres']!;
    expect(postgres.environment?.['POSTGRES_PASSWORD']).toBeUndefined();
    expect([postgres.env_file].flat()).toContain('.env');
  });

  it('names in .env.example every secret the compose file and the PostgreSQL init script read', () => {
    const initScriptServices = (/^services=\(([^)]*)\)$/m.exec(initScript)?.[1] ?? '').trim().split(/\s+/);
    expect(initScriptServices.toSorted()).toEqual(services.toSorted());
    expect(initScript).toContain('${service^^}_DB_PASSWORD');
    const read = new Set([
      ...interpolated,
      'POSTGRES_PASSWORD',
      ...initScriptServices.map((service) => `${service.toUpperCase()}_DB_PASSWORD`),
    ]);
    expect(new Set(envExample.keys())).toEqual(read);
    // Empty: docker compose refuses to start until each has a value of its own.
    expect([...envExample.values()].filter((value) => value !== '')).toEqual([]);
    expect(readText('.gitignore').split('\n')).toContain('.env');
    expect(readText('deploy/docker/Dockerfile.dockerignore').split('\n')).toContain('.env');
  });

  it('publishes ports on the loopback interface only', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => `${name} ${port}`),
    );
    expect(published.length).toBeGreaterThan(0);
    expect(published.filter((entry) => !entry.split(' ')[1]!.startsWith('127.0.0.1:'))).toEqual([]);
  });

  it('runs the services on a read-only root with /tmp writable', () => {
    for (const name of services) {
      expect(compose.services[name]).toMatchObject({ read_only: true, tmpfs: ['/tmp'] });
    }
  });

  it('creates the chain topics', () => {
    const script = compose.services['kafka-topics']!.command!.join('\n');
    expect(topicsCreatedBy(script).toSorted()).toEqual(chainTopics.toSorted());
  });
});

describe('the image', () => {
  it('installs every workspace, so npm ci finds the tree the lockfile describes, and holds all but the tests', () => {
    const workspaces = (JSON.parse(readText('package.json')) as { workspaces: string[] }).workspaces;
    const directories = [...new Set(workspaces.map((pattern) => pattern.split('/')[0]!))];
    const manifests = (/for dir in ([^;]+); do/.exec(dockerfile)?.[1] ?? '').trim().split(/\s+/);
    expect(manifests.toSorted()).toEqual(directories.toSorted());
    const sources = [...dockerfile.matchAll(/^COPY ([a-z]+) \.\/\1$/gm)].map(([, directory]) => directory);
    expect(sources.toSorted()).toEqual(directories.filter((directory) => directory !== 'test').toSorted());
  });

  it('checks its health on a path the HTTP app serves, and exposes the ports the services listen on', async () => {
    const healthPath = /HEALTHCHECK[^\n]*\n?[^\n]*'(\/[a-z]+)'/.exec(dockerfile)?.[1];
    expect(healthPath).toBe('/readyz');
    expect(await probeStatus(healthPath!)).toBe(200);
    const defaults = readServiceConfig('collection', {
      DATABASE_URL: secretSamples['DATABASE_URL']!,
      KAFKA_BROKERS: 'kafka:9092',
    });
    const metricsPort = Number(composeEnvironmentOf(compose.services['ledger']!)['OTEL_EXPORTER_PROMETHEUS_PORT']);
    expect(/^EXPOSE (.+)$/m.exec(dockerfile)?.[1]?.split(' ').map(Number)).toEqual([
      defaults.httpPort,
      defaults.grpcPort,
      metricsPort,
    ]);
  });

  it('runs as a numeric user other than root', () => {
    const user = /^USER (\d+)(?::\d+)?$/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(Number(user)).not.toBe(0);
  });
});
