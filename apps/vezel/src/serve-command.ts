import { collectionService } from '@vezel/collection/module';
import { ledgerServiceWith, readLedgerSettings } from '@vezel/ledger/module';
import { recyclingService } from '@vezel/recycling/module';
import { retailService } from '@vezel/retail/module';
import { runService, type ServiceDefinition } from '@vezel/service-kit';
import { sortingService } from '@vezel/sorting/module';
import { UsageError } from './usage-error.ts';

export const serveUsage = `vezel serve <collection|sorting|retail|recycling|ledger>
  one service as in production, configured by the environment (DATABASE_URL, KAFKA_BROKERS, HTTP_PORT, ...)`;

const definitions: Readonly<Record<string, () => Promise<ServiceDefinition>>> = {
  collection: async () => collectionService,
  sorting: async () => sortingService,
  retail: async () => retailService,
  recycling: async () => recyclingService,
  ledger: async () => ledgerServiceWith(await readLedgerSettings(process.env)),
};

/** `vezel serve <service>`: runs one service until SIGTERM, as its own main.ts does. */
export async function serveCommand(args: readonly string[]): Promise<void> {
  const [name, ...rest] = args;
  const definition = name === undefined ? undefined : definitions[name];
  if (definition === undefined || rest.length > 0) {
    throw new UsageError(
      name === undefined ? 'serve needs a service name' : `cannot serve "${[name, ...rest].join(' ')}"`,
    );
  }
  await runService(await definition());
}
