import { describe, expect, it } from 'vitest';
import { ledgerEnvironment, readLedgerSettings } from '../src/ledger-settings.ts';

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

describe('the ledger catalogue', () => {
  it('declares exactly the variables readLedgerSettings reads', async () => {
    const { env, read } = recordingEnvironment({});
    await readLedgerSettings(env);
    expect([...read].sort()).toEqual(ledgerEnvironment.map(({ name }) => name).sort());
  });

  it('is read by the ledger alone', () => {
    expect(ledgerEnvironment.filter(({ services }) => services === 'all' || services.join() !== 'ledger')).toEqual([]);
  });
});
