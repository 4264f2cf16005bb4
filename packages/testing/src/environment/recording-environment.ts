/**
 * An environment that notes every name asked of it, for tests that prove a config parser reads exactly the variables
 * its catalogue declares. Listing it throws: a parser that enumerated the environment could read anything, and the
 * catalogue could no longer say what.
 */
export function recordingEnvironment(values: Readonly<Record<string, string>>): {
  readonly env: Record<string, string>;
  readonly read: Set<string>;
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
