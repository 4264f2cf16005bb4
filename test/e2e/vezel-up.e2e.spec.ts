import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
    const login = /^ {2}dashboard +(http:\/\/127\.0\.0\.1:\d+\/login\?token=[A-Za-z0-9_-]+)$/m.exec(stdout)?.[1];
    expect(login, stdout).toBeDefined();
    // The printed link logs a browser in once: the session cookie it sets reads the dashboard and the ledger.
    const loggedIn = await fetch(login!, { redirect: 'manual' });
    expect(loggedIn.status).toBe(303);
    const session = loggedIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL(loggedIn.headers.get('location')!, login), { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Vezel');
    const kpis = await fetch(new URL('/v1/ledger/kpis?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z', login), {
      headers: { cookie: session },
    });
    expect(await kpis.json()).toMatchObject({ collectedGrams: 0 });
    // The operator's key is in the data directory, for the simulator and the vezel command.
    const keyFile = /^ {2}API key +(\S+operator\.key) /m.exec(stdout)?.[1];
    expect(keyFile).toBe(join(dataDir, 'operator.key'));
    expect((await readFile(keyFile!, 'utf8')).trim()).toMatch(/^vzk_/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGINT: stopping');
    expect(stdout.trimEnd().endsWith('stopped')).toBe(true);
  }, 120_000);
});
