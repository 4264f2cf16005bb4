import { recordingEnvironment } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { resolveTelemetryConfig } from '../src/telemetry-config.ts';
import { telemetryEnvironment } from '../src/telemetry-environment.ts';

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
