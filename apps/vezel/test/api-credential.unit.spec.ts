import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFor } from '../src/api-credential.ts';

describe('the key the vezel command sends', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-key-'));
    await writeFile(join(dataDir, 'operator.key'), 'vzk_kept\n');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is VEZEL_API_KEY, else the kept operator key for a chain on this machine only', () => {
    const env = { VEZEL_DATA_DIR: dataDir };
    expect(apiKeyFor('http://127.0.0.1:8080', env)).toBe('vzk_kept');
    expect(apiKeyFor('http://127.0.0.1:8080', { ...env, VEZEL_API_KEY: 'vzk_given' })).toBe('vzk_given');
    expect(apiKeyFor('https://vezel.example.org', env)).toBeUndefined();
    expect(apiKeyFor('https://vezel.example.org', { ...env, VEZEL_API_KEY: 'vzk_given' })).toBe('vzk_given');
  });

  it('never travels in plain http to another machine', () => {
    expect(() => apiKeyFor('http://vezel.example.org', { VEZEL_API_KEY: 'vzk_given' })).toThrow(
      /refusing to send an API key in plain http to vezel.example.org/,
    );
  });
});
