/** A command line the vezel command cannot run: reported with the usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
