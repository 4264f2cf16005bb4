import { DEFAULT_REFERENCE_DATA, readReferenceDataFile } from './adapters/reference-data-file.ts';
import type { LedgerModuleOptions } from './module.ts';

/**
 * The ledger's own settings from the environment (the common ones are read by runService):
 * `LEDGER_TOPICS` (comma-separated topics instead of the four chain topics) and `LEDGER_REFERENCE_DATA` (a JSON
 * file of emission factors and market figures; default the shipped reference-data/default.json).
 */
export async function readLedgerSettings(env: Readonly<Record<string, string | undefined>>): Promise<LedgerModuleOptions> {
  const topics = env['LEDGER_TOPICS']
    ?.split(',')
    .map((topic) => topic.trim())
    .filter((topic) => topic !== '');
  const referenceData = await readReferenceDataFile(env['LEDGER_REFERENCE_DATA'] ?? DEFAULT_REFERENCE_DATA);
  return { referenceData, ...(topics === undefined || topics.length === 0 ? {} : { topics }) };
}
