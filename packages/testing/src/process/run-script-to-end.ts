import { spawn } from 'node:child_process';

/** How a script run ended: its exit code and everything it printed. */
export interface ScriptRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript file in a real child process (Node 24, type stripping) with `args` and waits for it to end:
 * how command-line tools are tested, exit status and output as a user would see them (stdout is not a terminal).
 */
export async function runScriptToEnd(script: string, args: readonly string[] = []): Promise<ScriptRun> {
  return runToEnd(process.execPath, [script, ...args]);
}

/** Runs any command (a shell script, a binary) to its end, with `env` instead of this process's environment. */
export async function runToEnd(
  command: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv } = {},
): Promise<ScriptRun> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
