import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The ledger service as a separate process, the way it is deployed: its own Node, its own heap. */
export interface LedgerProcess {
  readonly pid: number;
  /** When it was spawned (performance.now()). */
  readonly spawnedAt: number;
  /** Its exit code (or signal) once it has exited; undefined while it runs. */
  exitStatus(): string | undefined;
  /** Resolves when it exits. */
  readonly exited: Promise<string>;
  /** The last lines it wrote to stdout and stderr, for error messages. */
  outputTail(): string;
  /** Its peak resident set size (VmHWM) in KiB, read from /proc; undefined where there is no /proc or it has exited. */
  peakRssKiB(): number | undefined;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<string>;
}

export interface LedgerProcessOptions {
  /** Arguments after the Node executable. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Also echo its output to this process's stderr (BENCH_LEDGER_LOGS=1). */
  readonly echo?: boolean;
}

const TAIL_LINES = 60;

/** Spawns the ledger with this process's Node executable (Node 24 when the bench runs through npm). */
export function startLedgerProcess(options: LedgerProcessOptions): LedgerProcess {
  const child: ChildProcess = spawn(process.execPath, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawnedAt = performance.now();
  const tail: string[] = [];
  let partial = { stdout: '', stderr: '' };
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    if (options.echo) process.stderr.write(chunk);
    const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial = { ...partial, [stream]: lines.pop() ?? '' };
    for (const line of lines) {
      tail.push(`[${stream}] ${line.length > 2_000 ? `${line.slice(0, 2_000)}...` : line}`);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  child.stdout!.on('data', collect('stdout'));
  child.stderr!.on('data', collect('stderr'));
  let status: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => {
      status ??= `failed to start: ${error.message}`;
      resolve(status);
    });
    child.on('exit', (code, signal) => {
      status = signal === null ? `exit code ${code}` : `signal ${signal}`;
      resolve(status);
    });
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${process.execPath} ${options.args.join(' ')}`);
  const pid = child.pid;

  return {
    pid,
    spawnedAt,
    exited,
    exitStatus: () => status,
    outputTail: () => {
      const unfinished = (['stdout', 'stderr'] as const).filter((stream) => partial[stream] !== '');
      return [...tail, ...unfinished.map((stream) => `[${stream}] ${partial[stream]}`)].join('\n');
    },
    peakRssKiB: () => {
      if (status !== undefined) return undefined;
      try {
        const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match === null ? undefined : Number(match[1]);
      } catch {
        return undefined;
      }
    },
    async stop(graceMs = 30_000) {
      if (status !== undefined) return status;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A TCP port nobody listens on right now (the kernel's pick), on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
