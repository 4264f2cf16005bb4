import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** One JSON line a service process logged. */
export interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A service's `main.ts` running in a child process. */
export interface ServiceMainProcess {
  readonly child: ChildProcess;
  /** Every JSON log line printed on stdout so far, in order. */
  readonly lines: LogLine[];
  /** Everything printed on stderr so far. Needs no `this`: may be destructured. */
  readonly stderr: () => string;
}

/**
 * Runs a service's `src/main.ts` as production does, with the telemetry hook, from the repository root, with only
 * `PATH`, loopback ports 0 and `env` in its environment, and collects its JSON log lines.
 */
export function startServiceMain(main: URL, env: Record<string, string>): ServiceMainProcess {
  const child = spawn(process.execPath, ['--import', '@vezel/telemetry/register', fileURLToPath(main)], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', HTTP_PORT: '0', GRPC_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { child, lines, stderr: () => stderr };
}
