import type { LoggedEvent } from '@vezel/messaging';
import {
  expectCloudEventHeaders as expectServiceCloudEventHeaders,
  startServiceUnderTest,
  type ServiceUnderTest,
  type TestServiceOptions,
} from '@vezel/service-testing';
import { sortingService } from '../src/module.ts';

export { decodeAs, type JsonResponse } from '@vezel/service-testing';

/** Every table a sorting command may write. */
const tables = [
  'centres',
  'stock_lines',
  'receipts',
  'runs',
  'run_inputs',
  'lots',
  'dispatches',
  'outbox',
  'processed_commands',
];

/** A sorting service running in this process on a fresh database and a fresh Kafka topic. */
export type SortingTestService = ServiceUnderTest;

/** Starts the sorting module with its HTTP and gRPC servers on free ports, as `runService` would. */
export async function startSortingTestService(options: TestServiceOptions): Promise<SortingTestService> {
  return startServiceUnderTest({ ...options, definition: sortingService, tables });
}

/** Asserts the CloudEvents headers every sorting event carries, and that the Kafka key is the subject. */
export function expectCloudEventHeaders(
  event: LoggedEvent,
  expected: { type: string; subject: string; time: string },
): void {
  expectServiceCloudEventHeaders(event, { source: '/vezel/sorting', ...expected });
}
