import { recordingEnvironment } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { readAccessConfig } from '../src/access-config.ts';
import { accessEnvironment } from '../src/access-environment.ts';

const declared: readonly string[] = accessEnvironment.map((variable) => variable.name);

// Between them these reach every branch that reads a variable: the partner claim is only read beside a complete
// issuer, and AUTH=disabled reads nothing further.
const configurations: Record<string, Readonly<Record<string, string>>> = {
  'nothing set': {},
  'bearer tokens': {
    OIDC_ISSUER: 'https://id.example.org',
    OIDC_AUDIENCE: 'vezel',
    OIDC_JWKS_URL: 'https://id.example.org/jwks.json',
  },
  'authentication off': { AUTH: 'disabled' },
};

describe('the access catalogue', () => {
  it.each(Object.entries(configurations))('declares every variable readAccessConfig reads (%s)', (_, values) => {
    const { env, read } = recordingEnvironment(values);
    readAccessConfig(env);
    expect([...read].filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('declares no variable readAccessConfig never reads', () => {
    const read = new Set<string>();
    for (const values of Object.values(configurations)) {
      const recording = recordingEnvironment(values);
      readAccessConfig(recording.env);
      for (const name of recording.read) read.add(name);
    }
    expect([...read].sort()).toEqual([...declared].sort());
  });

  it('names each variable once', () => {
    expect(new Set(declared).size).toBe(declared.length);
  });
});
