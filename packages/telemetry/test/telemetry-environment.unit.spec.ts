import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { resolveTelemetryConfig } from '../src/telemetry-config.ts';
import { telemetryEnvironment } from '../src/telemetry-environment.ts';

/**
 * An environment that notes every name asked of it. Listing it throws: a parser that enumerated the environment
 * could read anything, and the catalogue could no longer say what.
 */
function recordingEnvironment(values: Readonly<Record<string, string>>): {
  env: Record<string, string>;
  read: Set<string>;
} {
  const read = new Set<string>();
  const note = (name: string | symbol): void => {
    if (typeof name === 'string') read.add(name);
  };
  const env = new Proxy<Record<string, string>>(
    { ...values },
    {
      get(target, name) {
        note(name);
        return typeof name === 'string' ? target[name] : undefined;
      },
      has(target, name) {
        note(name);
        return name in target;
      },
      getOwnPropertyDescriptor(target, name) {
        note(name);
        return Reflect.getOwnPropertyDescriptor(target, name);
      },
      ownKeys() {
        throw new Error('the parser listed the environment: it must read its variables by name');
      },
    },
  );
  return { env, read };
}

/** What `createLogger` reads: it takes no environment, so the process's own is swapped for the call. */
function readByLogger(values: Readonly<Record<string, string>>): Set<string> {
  const { env, read } = recordingEnvironment(values);
  const processEnv = process.env;
  process.env = env;
  try {
    createLogger('recycling');
  } finally {
    process.env = processEnv;
  }
  return read;
}

const declared: readonly string[] = telemetryEnvironment.map((variable) => variable.name);

describe('the telemetry catalogue', () => {
  it('declares exactly the variables resolveTelemetryConfig and createLogger read', () => {
    // Nothing set: every lookup falls through to the next, so every variable is asked for.
    const config = recordingEnvironment({});
    resolveTelemetryConfig({ serviceName: 'recycling' }, config.env);
    const read = [...config.read, ...readByLogger({ LOG_LEVEL: 'silent' })];
    expect(read.sort()).toEqual([...declared].sort());
  });

  it('names each variable once', () => {
    expect(new Set(declared).size).toBe(declared.length);
  });
});
