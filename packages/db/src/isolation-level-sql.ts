import { InvalidInputError } from '@vezel/errors';
import type { IsolationLevel } from './db.ts';

const levels: ReadonlySet<string> = new Set<IsolationLevel>(['read committed', 'repeatable read', 'serializable']);

/** The SQL keywords for an isolation level, checked at run time because they are spliced into the statement. */
export function isolationLevelSql(level: IsolationLevel): string {
  if (!levels.has(level)) {
    throw new InvalidInputError(`unknown isolation level "${String(level)}"`, { field: 'isolation' });
  }
  return level;
}
