// Rebuilds a running ledger's projection from the log, showing a progress bar and an ETA until it is swapped in.
//   npm run ledger:rebuild -- [--url http://127.0.0.1:8080] [--status]
// --url     the ledger's HTTP address (default: LEDGER_URL, else http://127.0.0.1:8080)
// --status  only show where the current or last rebuild stands; start nothing (exit 1 if the last one failed)
// Exit status: 0 when the rebuild is done, 1 when it failed, 2 when the ledger cannot be asked (bad flag, wrong
// address, ledger down). `vezel ledger rebuild` is the same command.
import { runRebuildCommand } from './run-rebuild-command.ts';

process.exitCode = await runRebuildCommand(process.argv.slice(2), 'ledger:rebuild', {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
