import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runScriptToEnd } from '@vezel/testing';
import { describe, expect, it } from 'vitest';

const vezel = fileURLToPath(new URL('../src/vezel.ts', import.meta.url));

const run = (args: readonly string[]) => runScriptToEnd(vezel, args);

describe('the vezel command line', () => {
  it('prints its usage when asked', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vezel up [--port 8080]');
    expect(help.stdout).toContain('vezel serve <collection|sorting|retail|recycling|ledger>');
    expect(help.stdout).toContain('vezel simulate [--url http://127.0.0.1:8080]');
    expect(help.stdout).toContain('vezel ledger rebuild [--url http://127.0.0.1:8080] [--status]');
  });

  // One command per test, as below: each starts Node afresh (about 2 s on a busy 2-core machine), and three in one
  // test passed the 5 s a test may take.
  it('says so, exit status 2, when the ledger to rebuild cannot be asked', async () => {
    const down = await run(['ledger', 'rebuild', '--url', 'http://127.0.0.1:1']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('cannot reach the ledger at http://127.0.0.1:1');
  });

  it('says so, exit status 2, when the ledger to rebuild is given an address that is not http(s)', async () => {
    const badUrl = await run(['ledger', 'rebuild', '--url', 'localhost:8080']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain(
      '--url must be an http(s) address such as http://127.0.0.1:8080, got "localhost:8080"',
    );
  });

  it('prints the rebuild usage, exit status 2, for a flag it does not know', async () => {
    const badFlag = await run(['ledger', 'rebuild', '--urll', 'x']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('usage: vezel ledger rebuild');
  });

  it('is installed as the `vezel` command (npm exec vezel)', async () => {
    const bin = fileURLToPath(new URL('../../../node_modules/.bin/vezel', import.meta.url));
    const { stdout } = await promisify(execFile)(bin, ['--help']);
    expect(stdout).toContain('vezel up [--port 8080]');
  });

  it('says so, exit status 2, when the chain it should drive is not running', async () => {
    const result = await run(['simulate', '--url', 'http://127.0.0.1:1', '--days', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot reach the chain');
  });

  it.each([
    { args: ['upp'], says: 'unknown command "upp"' },
    { args: ['up', '--port', '99999'], says: '--port must be a TCP port (0-65535), got "99999"' },
    { args: ['up', '--grpc-port', 'x'], says: '--grpc-port must be a TCP port (0-65535), got "x"' },
    { args: ['up', '--prot', '1'], says: "Unknown option '--prot'" },
    { args: ['simulate', '--days', '0'], says: '--days must be a whole number from 1 to 3650, got "0"' },
    { args: ['simulate', '--scale', 'big'], says: '--scale must be a number above 0 and at most 100, got "big"' },
    { args: ['simulate', '--url', 'localhost:8080'], says: '--url must be an http(s) address' },
    { args: ['ledger'], says: 'ledger needs a subcommand: rebuild' },
    { args: ['ledger', 'rebiuld'], says: 'unknown ledger subcommand "rebiuld"' },
    { args: ['serve'], says: 'serve needs a service name' },
    { args: ['serve', 'warehouse'], says: 'cannot serve "warehouse"' },
  ])('refuses `vezel $args` with exit status 2, saying what is wrong', async ({ args, says }) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says);
    expect(result.stderr).toContain('usage:');
  });
});
