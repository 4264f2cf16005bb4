// CI guard: the protobuf-es code under packages/contracts/src/gen is committed, so it must be exactly what
// `buf generate` makes from proto/. Regenerates, then fails when git sees any difference (changed, deleted or
// new files) under the generated directory or proto/ itself. It also fails when README.md's environment table is
// not what scripts/generate-environment-table.ts makes from the catalogues of the variables the services read.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const watchedPaths = ['packages/contracts/src/gen', 'proto'];

function runGenerate(): void {
  const result = spawnSync('npm', ['run', 'generate', '-w', '@vezel/contracts'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    console.error(`npm run generate -w @vezel/contracts failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** `git status --porcelain` lines for the watched paths; untracked files listed one by one. */
function listChangedFiles(): string[] {
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...watchedPaths], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    console.error(`git status failed (exit ${result.status ?? result.signal}): ${result.stderr.trim()}`);
    process.exit(result.status ?? 1);
  }
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Whether the README's environment table is current; the script itself says what to do when it is not. */
function environmentTableIsCurrent(): boolean {
  const result = spawnSync(process.execPath, ['scripts/generate-environment-table.ts', '--check'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.error !== undefined) throw result.error;
  return result.status === 0;
}

runGenerate();
const changed = listChangedFiles();
if (changed.length > 0) {
  const files = changed.length === 1 ? '1 file' : `${changed.length} files`;
  console.error(`generated code or proto/ differs from what is committed (${files}):`);
  for (const line of changed) console.error(`  ${line}`);
  console.error('hint: run npm run generate and commit the result');
  process.exit(1);
}
console.log('generated code is up to date');
if (!environmentTableIsCurrent()) process.exit(1);
