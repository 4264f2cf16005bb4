/**
 * A migration could not be applied, or one already applied no longer matches its file. Names the migration; the
 * database error, if any, is the `cause` (`sqlStateOf` reads through it).
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly migrationId: string;

  constructor(message: string, migrationId: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.migrationId = migrationId;
  }
}
