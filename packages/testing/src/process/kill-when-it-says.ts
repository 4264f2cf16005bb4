import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript file in a real child process (Node 24, type stripping), waits until it prints `marker` on
 * stdout, then SIGKILLs it and waits for it to be gone. Crash tests use it to kill a relay or consumer at an exact
 * point: no clean-up code of the child runs, as after a power cut.
 */
export async function killWhenItSays(options: {
  readonly script: string;
  readonly marker: string;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<void> {
  const child = spawn(process.execPath, [options.script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(options.marker)) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`${options.script} exited (${code}) before saying "${options.marker}"`)),
    );
  });
  child.kill('SIGKILL');
  await exited;
}
