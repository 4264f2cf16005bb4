// Rebuilds a running ledger's projection from the log, showing a progress bar and an ETA until it is swapped in.
//   npm run ledger:rebuild -- [--url http://127.0.0.1:8080] [--status]
// --url     the ledger's HTTP address (default: LEDGER_URL, else http://127.0.0.1:8080)
// --status  only show where the current or last rebuild stands; start nothing (exit 1 if the last one failed)
// Exit status: 0 when the rebuild is done, 1 when it failed, 2 when the ledger cannot be asked (bad flag, wrong
// address, ledger down).
import { parseArgs } from 'node:util';
import type { RebuildStatus } from '../app/ledger-rebuilds.ts';
import { rebuildProgressLine } from './rebuild-progress-line.ts';

const usage = 'usage: ledger:rebuild [--url http://host:port] [--status]';

function fail(message: string): never {
  // On a terminal the progress line has no newline yet: end it so the message gets a line of its own.
  if (process.stdout.isTTY) process.stdout.write('\n');
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { url: { type: 'string' }, status: { type: 'boolean' }, help: { type: 'boolean' } } });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (parsed.values.help === true) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const base = parsed.values.url ?? process.env['LEDGER_URL'] ?? 'http://127.0.0.1:8080';
const endpoint = rebuildEndpointOf(base);

/** The rebuild endpoint under `base`, or the exit with a usage error. */
function rebuildEndpointOf(address: string): URL {
  let url: URL | undefined;
  try {
    url = new URL('/v1/ledger/rebuild', address);
  } catch {
    url = undefined;
  }
  // `localhost:8080` parses as a URL with the scheme `localhost:`; only http(s) reaches a ledger.
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    fail(`--url must be an http(s) address such as http://127.0.0.1:8080, got "${address}"`);
  }
  return url;
}

async function ask(init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(endpoint, init);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    fail(`cannot reach the ledger at ${endpoint.origin} (${cause}); is it running? (--url or LEDGER_URL)`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    fail(`${endpoint.href} answered ${response.status} with something other than JSON: ${text.slice(0, 200)}`);
  }
}

const interactive = process.stdout.isTTY;
let lastPrinted = '';
let lastPrintedAt = 0;
function show(status: RebuildStatus, final = false): void {
  const line = rebuildProgressLine(status);
  if (interactive) {
    process.stdout.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
    return;
  }
  // A log file gets a line when the phase changes, every ten seconds, and at the end; not one per poll.
  const phaseOf = (text: string): string => text.split(' ')[0] ?? '';
  if (final || phaseOf(line) !== phaseOf(lastPrinted) || Date.now() - lastPrintedAt >= 10_000) {
    process.stdout.write(`${line}\n`);
    lastPrinted = line;
    lastPrintedAt = Date.now();
  }
}

if (parsed.values.status === true) {
  const { status, body } = await ask();
  if (status !== 200) fail(`${endpoint.href} answered ${status}: ${JSON.stringify(body)}`);
  const rebuild = body as RebuildStatus;
  show(rebuild, true);
  process.exit(rebuild.state === 'failed' ? 1 : 0);
}

const started = await ask({ method: 'POST' });
if (started.status === 409) {
  process.stdout.write('a rebuild is already running; following it\n');
} else if (started.status !== 202) {
  const problem = started.body as { detail?: string; title?: string };
  fail(`the ledger refused the rebuild (${started.status}): ${problem.detail ?? problem.title ?? JSON.stringify(problem)}`);
}
for (;;) {
  const { status, body } = await ask();
  if (status !== 200) fail(`${endpoint.href} answered ${status}: ${JSON.stringify(body)}`);
  const rebuild = body as RebuildStatus;
  if (rebuild.state === 'done' || rebuild.state === 'failed') {
    show(rebuild, true);
    process.exit(rebuild.state === 'done' ? 0 : 1);
  }
  show(rebuild);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
