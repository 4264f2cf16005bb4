import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const vezel = fileURLToPath(new URL('../../apps/vezel/src/vezel.ts', import.meta.url));

/**
 * `npm start -- --no-demo` as a user runs it: a real process that prints where the dashboard and the APIs are,
 * serves them, and stops cleanly on Ctrl-C.
 */
describe('vezel up', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-up-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the dashboard URL, serves it over an empty chain, and stops on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [vezel, 'up', '--no-demo', '--port', '0', '--grpc-port', '0', '--data-dir', dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready after')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`vezel up exited (${code}) before it was ready: ${stdout}${stderr}`)),
      );
    });

    expect(stdout).toContain('no demo data (--no-demo)');
    const dashboard = /^ {2}dashboard +(http:\/\/127\.0\.0\.1:\d+\/dashboard\/)$/m.exec(stdout)?.[1];
    expect(dashboard, stdout).toBeDefined();
    const page = await fetch(dashboard!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Vezel');
    const kpis = await fetch(new URL('/v1/ledger/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z', dashboard));
    expect(await kpis.json()).toMatchObject({ collectedGrams: 0 });

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGINT: stopping');
    expect(stdout.trimEnd().endsWith('stopped')).toBe(true);
  }, 120_000);
});
