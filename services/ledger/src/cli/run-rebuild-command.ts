import { parseArgs } from 'node:util';
import type { RebuildStatus } from '../app/rebuild-status.ts';
import { rebuildProgressLine } from './rebuild-progress-line.ts';

/** Where the command writes, and what it reads: a process's streams and environment, or a test's. */
export interface RebuildCommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit status 2, with what the user must fix: the ledger could not be asked. */
class CannotAskError extends Error {
  override readonly name = 'CannotAskError';
}

/**
 * Rebuilds a running ledger's projection from the log, showing a progress bar and an ETA until it is swapped in
 * (`npm run ledger:rebuild`, `vezel ledger rebuild`). `args` are the flags after the command's name:
 * `--url` (default LEDGER_URL, else http://127.0.0.1:8080) and `--status` (only show where the current or last
 * rebuild stands). Resolves to the exit status: 0 when the rebuild is done, 1 when it failed, 2 when the ledger
 * cannot be asked (bad flag, wrong address, ledger down, rebuild refused).
 */
export async function runRebuildCommand(
  args: readonly string[],
  command: string,
  io: RebuildCommandIo,
): Promise<number> {
  const usage = `usage: ${command} [--url http://host:port] [--status]`;
  const interactive = io.stdout.isTTY === true;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: { url: { type: 'string' }, status: { type: 'boolean' }, help: { type: 'boolean' } },
      });
    } catch (error) {
      throw new CannotAskError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    }
    if (parsed.values.help === true) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const endpoint = rebuildEndpointOf(parsed.values.url ?? io.env['LEDGER_URL'] ?? 'http://127.0.0.1:8080');
    // The rebuild needs the operator's admin key; reading its status any key with `read`.
    const apiKey = io.env['VEZEL_API_KEY']?.trim();
    const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
    const progress = progressPrinter(io.stdout, interactive);

    if (parsed.values.status === true) {
      const rebuild = await currentRebuild(endpoint, headers);
      progress(rebuild, true);
      return rebuild.state === 'failed' ? 1 : 0;
    }
    const started = await ask(endpoint, { method: 'POST', headers });
    if (started.status === 409) {
      // Running here, or in another process of the group (which every process's status follows, and which the
      // refusal names).
      const holder = (started.body as { holder?: string }).holder;
      io.stdout.write(`a rebuild is already running${holder === undefined ? '' : ` in ${holder}`}; following it\n`);
    } else if (started.status !== 202) {
      const problem = started.body as { detail?: string; title?: string };
      throw new CannotAskError(
        `the ledger refused the rebuild (${started.status}): ${problem.detail ?? problem.title ?? JSON.stringify(problem)}`,
      );
    }
    for (;;) {
      const rebuild = await currentRebuild(endpoint, headers);
      if (rebuild.state === 'done' || rebuild.state === 'failed') {
        progress(rebuild, true);
        return rebuild.state === 'done' ? 0 : 1;
      }
      if (rebuild.state === 'idle') {
        // Only a ledger restarted since it answered knows of no rebuild: how that one ended is not to be learnt here.
        if (interactive) io.stdout.write('\n');
        io.stderr.write(`the ledger at ${endpoint.origin} no longer knows of the rebuild (did it restart?)\n`);
        return 1;
      }
      progress(rebuild);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    if (!(error instanceof CannotAskError)) throw error;
    // On a terminal the progress line has no newline yet: end it so the message gets a line of its own.
    if (interactive) io.stdout.write('\n');
    io.stderr.write(`${error.message}\n`);
    return 2;
  }
}

/** The rebuild endpoint under `address`. */
function rebuildEndpointOf(address: string): URL {
  let url: URL | undefined;
  try {
    url = new URL('/v1/ledger/rebuild', address);
  } catch {
    url = undefined;
  }
  // `localhost:8080` parses as a URL with the scheme `localhost:`; only http(s) reaches a ledger.
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CannotAskError(`--url must be an http(s) address such as http://127.0.0.1:8080, got "${address}"`);
  }
  return url;
}

async function currentRebuild(endpoint: URL, headers: Record<string, string>): Promise<RebuildStatus> {
  const { status, body } = await ask(endpoint, { headers });
  if (status !== 200) throw new CannotAskError(`${endpoint.href} answered ${status}: ${JSON.stringify(body)}`);
  return body as RebuildStatus;
}

async function ask(endpoint: URL, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(endpoint, init);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new CannotAskError(
      `cannot reach the ledger at ${endpoint.origin} (${cause}); is it running? (--url or LEDGER_URL)`,
    );
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new CannotAskError(
      `${endpoint.href} answered ${response.status} with something other than JSON: ${text.slice(0, 200)}`,
    );
  }
}

/**
 * On a terminal, one line redrawn in place; in a log file, a line when the phase changes, every ten seconds, and
 * at the end, not one per poll.
 */
function progressPrinter(
  stdout: NodeJS.WriteStream,
  interactive: boolean,
): (status: RebuildStatus, final?: boolean) => void {
  let lastPrinted = '';
  let lastPrintedAt = 0;
  return (status, final = false) => {
    const line = rebuildProgressLine(status);
    if (interactive) {
      stdout.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
      return;
    }
    const phaseOf = (text: string): string => text.split(' ')[0] ?? '';
    if (final || phaseOf(line) !== phaseOf(lastPrinted) || Date.now() - lastPrintedAt >= 10_000) {
      stdout.write(`${line}\n`);
      lastPrinted = line;
      lastPrintedAt = Date.now();
    }
  };
}
