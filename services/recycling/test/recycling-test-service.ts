import type { LoggedEvent } from '@vezel/messaging';
import {
  expectCloudEventHeaders as expectServiceCloudEventHeaders,
  startServiceUnderTest,
  type ServiceUnderTest,
  type TestServiceOptions,
} from '@vezel/service-testing';
import { recyclingService } from '../src/module.ts';

export { decodeAs, type JsonResponse } from '@vezel/service-testing';

/** Every table a recycling command may write. */
const tables = [
  'processors',
  'stock_lines',
  'receipts',
  'runs',
  'run_inputs',
  'products',
  'disposals',
  'outbox',
  'processed_commands',
];

/** A recycling service running in this process on a fresh database and a fresh Kafka topic. */
export type RecyclingTestService = ServiceUnderTest;

/** Starts the recycling module with its HTTP and gRPC servers on free ports, as `runService` would. */
export async function startRecyclingTestService(options: TestServiceOptions): Promise<RecyclingTestService> {
  return startServiceUnderTest({ ...options, definition: recyclingService, tables });
}

/** Asserts the CloudEvents headers every recycling event carries. */
export function expectCloudEventHeaders(
  event: LoggedEvent,
  expected: { type: string; subject: string; time: string },
): void {
  expectServiceCloudEventHeaders(event, { source: '/vezel/recycling', ...expected });
}
