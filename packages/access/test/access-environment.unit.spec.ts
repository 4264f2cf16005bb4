import { describe, expect, it } from 'vitest';
import { readAccessConfig } from '../src/access-config.ts';
import { accessEnvironment } from '../src/access-environment.ts';

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
