import type { LoggedEvent } from '@vezel/messaging';
import {
  expectCloudEventHeaders as expectServiceCloudEventHeaders,
  startServiceUnderTest,
  type ServiceUnderTest,
  type TestServiceOptions,
} from '@vezel/service-testing';
import { collectionService } from '../src/module.ts';

export { decodeAs, type JsonResponse } from '@vezel/service-testing';

/** A collection service running in this process on a fresh database and a fresh Kafka topic. */
export type CollectionTestService = ServiceUnderTest;

/** Starts the collection module with its HTTP and gRPC servers on free ports, as `runService` would. */
export async function startCollectionTestService(options: TestServiceOptions): Promise<CollectionTestService> {
  return startServiceUnderTest({
    ...options,
    definition: collectionService,
    tables: ['containers', 'batches', 'shipments', 'outbox', 'processed_commands'],
  });
}

/** Asserts the CloudEvents headers every collection event carries. */
export function expectCloudEventHeaders(
  event: LoggedEvent,
  expected: { type: string; subject: string; time: string },
): void {
  expectServiceCloudEventHeaders(event, { source: '/vezel/collection', ...expected });
}
