/**
 * A batch was about to be stored in tables that replaced those its consumer started on (a rebuild, maybe in another
 * process, swapped them in). Nothing of the batch is stored; the consumer starts again from the new tables' positions.
 */
export class LedgerTablesReplacedError extends Error {
  override readonly name = 'LedgerTablesReplacedError';
  readonly expected: string;
  readonly found: string;

  constructor(expected: string, found: string) {
    super(
      `the ledger's tables were replaced (by a rebuild) while this consumer ran (started on ${expected}, now ${found}); ` +
        "it resumes from the new tables' stored positions",
    );
    this.expected = expected;
    this.found = found;
  }
}
