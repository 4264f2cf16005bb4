import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The Node arguments services/ledger's start script runs the ledger with (its heap caps, telemetry), with the entry
 * point made absolute so any working directory will do: the benches measure the ledger as it is deployed, and the
 * start script (which the compose stack and Kubernetes follow) is the one place those arguments are written.
 */
export function ledgerStartArgs(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    readonly scripts?: Readonly<Record<string, string>>;
  };
  const script = manifest.scripts?.['start'] ?? '';
  const [command, ...args] = script.trim().split(/\s+/);
  if (command !== 'node' || args.at(-1) !== 'src/main.ts') {
    throw new Error(`services/ledger's start script is not "node [flags] src/main.ts": ${script}`);
  }
  return [...args.slice(0, -1), fileURLToPath(new URL('../src/main.ts', import.meta.url))];
}
