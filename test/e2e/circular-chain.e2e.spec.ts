import { fromBinary } from '@bufbuild/protobuf';
import { collectionService } from '@vezel/collection/module';
import { eventRegistry } from '@vezel/contracts';
import type { LoggedEvent } from '@vezel/messaging';
import { recyclingService } from '@vezel/recycling/module';
import { retailService } from '@vezel/retail/module';
import { sortingService } from '@vezel/sorting/module';
import { eventually, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCircularChainScenario, postExpectingCreated } from '../support/circular-chain-scenario.ts';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/**
 * The whole circular chain through the services' real HTTP APIs (the hand-computed scenario in
 * ../support/circular-chain-scenario.ts), with every event read back from the real Kafka topics.
 */
describe('the circular chain, container to sale, recycling, export and disposal', () => {
  let chain: RunningChain;
  const suffix = Date.now().toString(36);
  const id = (name: string) => `${name}-${suffix}`;

  beforeAll(async () => {
    chain = await startChain([collectionService, sortingService, retailService, recyclingService]);
  });
  afterAll(async () => {
    await chain?.stop();
  });

  const post = postExpectingCreated((service) => chain.services[service]!.url);

  it("moves every gram through the real APIs and publishes each node's events in order on Kafka", async () => {
    const { container, batch, creme, wipers, fibre, exported, residual } = await driveCircularChainScenario(post, id);

    // Every event, read back from the real topics.
    const expectedCount = 3 + 2 + 5 + 4 + 5;
    const received: LoggedEvent[] = [];
    const subscription = await chain.eventLog.subscribe({
      groupId: uniqueGroupId('chain'),
      topics: Object.values(chain.services).map((service) => service.topic),
      handleBatch: async (batchOfEvents) => {
        received.push(...batchOfEvents.events);
      },
    });
    try {
      await eventually(() => received.length >= expectedCount, {
        description: `${expectedCount} events`,
        timeoutMs: 60_000,
      });
    } finally {
      await subscription.stop();
    }
    expect(received).toHaveLength(expectedCount);

    const typesOf = (service: string, key: string) =>
      received
        .filter((event) => event.topic === chain.services[service]!.topic && event.key === key)
        .map((event) => event.headers['ce_type']!.split('.').pop());
    expect(typesOf('collection', container)).toEqual(['ContainerRegistered']);
    expect(typesOf('collection', batch)).toEqual(['BatchCollected', 'BatchShipped']);
    expect(typesOf('retail', creme)).toEqual(['LotReceivedAtStore', 'ItemsSold', 'ItemsDonated', 'LotReturned']);
    // A run is keyed by its first input: it follows that node's receipt on the same partition.
    expect(typesOf('sorting', batch)).toEqual(['NodeReceivedAtCentre', 'SortingRunCompleted']);
    expect(typesOf('recycling', fibre)).toEqual(['LotReceivedByProcessor', 'ProcessingRunCompleted']);
    expect(typesOf('recycling', wipers)).toEqual(['LotReceivedByProcessor', 'ProcessingRunCompleted']);
    for (const lot of [creme, fibre, wipers, exported, residual]) {
      expect(typesOf('sorting', lot), lot).toContain('LotDispatched');
    }
    const countOf = (type: string) => received.filter((event) => event.headers['ce_type']!.endsWith(`.${type}`)).length;
    expect(countOf('SortingRunCompleted')).toBe(1);
    expect(countOf('ProcessingRunCompleted')).toBe(2);
    expect(countOf('LotReceivedByProcessor')).toBe(3);

    // The payloads carry the grams as sent: the sorting run balances to the gram.
    const run = received.find((event) => event.headers['ce_type'] === 'vezel.sorting.v1.SortingRunCompleted')!;
    const schema = eventRegistry.getMessage(run.headers['ce_type']!)!;
    const decoded = fromBinary(schema, run.value) as unknown as {
      inputs: { grams: bigint }[];
      outputs: { grams: bigint }[];
      lossGrams: bigint;
    };
    const inputs = decoded.inputs.reduce((sum, input) => sum + input.grams, 0n);
    const outputs = decoded.outputs.reduce((sum, output) => sum + output.grams, 0n);
    expect(inputs).toBe(498_000n);
    expect(outputs + decoded.lossGrams).toBe(inputs);
    for (const event of received) {
      expect(event.headers['ce_specversion']).toBe('1.0');
      expect(event.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
