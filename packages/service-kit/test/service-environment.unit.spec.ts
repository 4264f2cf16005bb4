import { accessEnvironment } from '@vezel/access';
import { telemetryEnvironment } from '@vezel/telemetry';
import { recordingEnvironment } from '@vezel/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runService } from '../src/run-service.ts';
import { readServiceConfig } from '../src/service-config.ts';
import { serviceEnvironment, serviceProcessEnvironment } from '../src/service-environment.ts';

const names = (variables: readonly { readonly name: string }[]): string[] => variables.map(({ name }) => name);
// runService reads VEZEL_VERSION itself, after readServiceConfig; readServiceConfig reads the access settings.
const readByConfig = [
  ...names(serviceEnvironment).filter((name) => name !== 'VEZEL_VERSION'),
  ...names(accessEnvironment),
];
const minimal = { DATABASE_URL: 'postgres://vezel@db:5432/vezel', KAFKA_BROKERS: 'kafka:9092' };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the service catalogue', () => {
  it('declares exactly the variables readServiceConfig reads, with the access settings', () => {
    const read = new Set<string>();
    const bearerTokens = {
      OIDC_ISSUER: 'https://id.example.org',
      OIDC_AUDIENCE: 'vezel',
      OIDC_JWKS_URL: 'https://id.example.org/jwks.json',
    };
    for (const values of [{}, minimal, { ...minimal, ...bearerTokens }]) {
      const recording = recordingEnvironment(values);
      try {
        readServiceConfig('collection', recording.env);
      } catch {
        // An incomplete configuration is refused only after every variable was read.
      }
      for (const name of recording.read) read.add(name);
    }
    expect([...read].sort()).toEqual([...readByConfig].sort());
  });

  it('declares VEZEL_VERSION, which runService reads beside the configuration, and nothing it does not read', async () => {
    // Telemetry and the logger read the process's own environment: keep them quiet and off.
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    vi.stubEnv('LOG_LEVEL', 'silent');
    const { env, read } = recordingEnvironment({
      // Nothing listens on port 1: the start fails at its first query, after the configuration was read.
      DATABASE_URL: 'postgres://vezel@127.0.0.1:1/vezel',
      EVENT_TRANSPORT: 'postgres',
      AUTH: 'disabled',
      VEZEL_VERSION: '1.2.3',
    });
    const definition = { name: 'collection', create: () => Promise.reject(new Error('not reached')) };
    await expect(runService(definition, { env, signals: [] })).rejects.toThrow();
    expect(read).toContain('VEZEL_VERSION');
    expect(
      [...read].filter((name) => !names(serviceEnvironment).includes(name) && !readByConfig.includes(name)),
    ).toEqual([]);
  });

  it('gathers the access and telemetry catalogues, naming each variable once', () => {
    const all = names(serviceProcessEnvironment);
    expect(all).toEqual(expect.arrayContaining([...names(accessEnvironment), ...names(telemetryEnvironment)]));
    expect(new Set(all).size).toBe(all.length);
  });
});
