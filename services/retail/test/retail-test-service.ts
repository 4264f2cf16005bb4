import type { Db } from '@vezel/db';
import type { LoggedEvent } from '@vezel/messaging';
import {
  expectCloudEventHeaders as expectServiceCloudEventHeaders,
  startServiceUnderTest,
  type ServiceUnderTest,
  type TestServiceOptions,
} from '@vezel/service-testing';
import { retailService } from '../src/module.ts';

export { decodeAs, type JsonResponse } from '@vezel/service-testing';

/** A retail service running in this process on a fresh database and a fresh Kafka topic. */
export interface RetailTestService extends ServiceUnderTest {
  /**
   * Row counts of every table a command may write, with the sums of the stock versions and held grams (a command
   * may change a stock line without adding a row): equal before and after proves a rejected command wrote nothing.
   */
  footprint(): Promise<Record<string, string>>;
}

const writtenTables = [
  'store_stocks',
  'stock_lines',
  'receipts',
  'sales',
  'donations',
  'returns',
  'outbox',
  'processed_commands',
];

/** Starts the retail module with its HTTP and gRPC servers on free ports, as `runService` would. */
export async function startRetailTestService(options: TestServiceOptions): Promise<RetailTestService> {
  const service = await startServiceUnderTest({ ...options, definition: retailService, tables: writtenTables });
  return { ...service, footprint: () => footprintOf(service.db) };
}

async function footprintOf(db: Db): Promise<Record<string, string>> {
  const counts = writtenTables.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ');
  const { rows } = await db.query<Record<string, bigint | null>>(
    `select ${counts},
            (select sum(version) from store_stocks) as versions,
            (select sum(held_grams) from stock_lines) as held_grams`,
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([name, value]) => [name, String(value ?? 0n)]));
}

/** Asserts the CloudEvents headers every retail event carries, and that it is keyed by its lot. */
export function expectCloudEventHeaders(
  event: LoggedEvent,
  expected: { type: string; lotId: string; time: string },
): void {
  expectServiceCloudEventHeaders(event, {
    source: '/vezel/retail',
    type: expected.type,
    subject: expected.lotId,
    time: expected.time,
  });
}
