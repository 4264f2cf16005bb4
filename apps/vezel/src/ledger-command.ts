import { runRebuildCommand } from '@vezel/ledger/rebuild-command';
import { apiKeyFor } from './api-credential.ts';
import { UsageError } from './usage-error.ts';

export const ledgerUsage = `vezel ledger rebuild [--url http://127.0.0.1:8080] [--status]
  rebuild a running ledger's figures from the event log, with progress and ETA (the ledger's npm run ledger:rebuild)`;

/** `vezel ledger <subcommand>`: operating a running ledger. Its exit status is the subcommand's. */
export async function ledgerCommand(args: readonly string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'rebuild') {
    throw new UsageError(
      subcommand === undefined ? 'ledger needs a subcommand: rebuild' : `unknown ledger subcommand "${subcommand}"`,
    );
  }
  // The rebuild command reads its own --url (default LEDGER_URL, else the embedded chain's); the key goes with it.
  const urlFlag = rest.indexOf('--url');
  const url = (urlFlag === -1 ? undefined : rest[urlFlag + 1]) ?? process.env['LEDGER_URL'] ?? 'http://127.0.0.1:8080';
  const apiKey = URL.canParse(url) ? apiKeyFor(url) : undefined;
  process.exitCode = await runRebuildCommand(rest, 'vezel ledger rebuild', {
    stdout: process.stdout,
    stderr: process.stderr,
    // The key the vezel command found (VEZEL_API_KEY, else the data directory's): the rebuild needs admin.
    env: apiKey === undefined ? process.env : { ...process.env, VEZEL_API_KEY: apiKey },
  });
}
