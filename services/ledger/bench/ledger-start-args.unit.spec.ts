import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ledgerStartArgs } from './ledger-start-args.ts';

describe('the arguments the benches start the ledger with', () => {
  it('are the start script’s, heap caps included, with the entry point made absolute', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const args = ledgerStartArgs();
    expect(args.slice(0, -1)).toEqual(scripts['start']!.split(' ').slice(1, -1));
    expect(args).toContain('--max-old-space-size=192');
    expect(args.at(-1)).toMatch(/^\/.*services\/ledger\/src\/main\.ts$/);
    expect(existsSync(args.at(-1)!)).toBe(true);
  });
});
