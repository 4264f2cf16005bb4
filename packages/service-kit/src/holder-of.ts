import type { CommandHolder } from './service-operations.ts';

/** The holder a command or a fact names in one of its fields. */
function holderNamedIn<F extends string>(
  kind: CommandHolder['kind'],
  field: F,
): (subject: Readonly<Record<F, string>>) => CommandHolder {
  return (subject) => ({ kind, id: subject[field] });
}

/**
 * Whom a command or a fact is for, read from the field every command and fact of the chain names its holder in (a
 * sale names its store in `storeId`), for authorization to ask about.
 */
export const holderOf = {
  centre: holderNamedIn('centre', 'centreId'),
  store: holderNamedIn('store', 'storeId'),
  processor: holderNamedIn('processor', 'processorId'),
  /** Collection records for the municipality whose container it names: the operator's, or its own where it collects. */
  municipality: holderNamedIn('municipality', 'municipality'),
} as const;
