import { fromBinary } from '@bufbuild/protobuf';
import { eventCatalogue, LotReceivedByProcessorSchema, ProcessingRunCompletedSchema } from '@vezel/contracts';
import { describe, expect, it } from 'vitest';
import { createRecyclingOutboxMessages } from '../../src/adapters/messaging/recycling-outbox-messages.ts';
import { aNodeDisposed, aLotReceived, aRunCompleted, g } from '../recycling-fixtures.ts';

const toMessage = createRecyclingOutboxMessages();
const context = { now: new Date('2030-01-01T00:00:00Z') };

describe('recycling events on the wire', () => {
  it('keys a receipt by its lot and times it by its arrival', () => {
    const message = toMessage(aLotReceived({ lotId: 'L-9', deliveryId: 'D-9' }), context);
    expect(message).toMatchObject({
      topic: eventCatalogue.recycling.topic,
      subject: 'L-9',
      source: '/vezel/recycling',
      type: 'vezel.recycling.v1.LotReceivedByProcessor',
      time: aLotReceived().receivedAt,
    });
    expect(fromBinary(LotReceivedByProcessorSchema, message.value)).toMatchObject({
      lotId: 'L-9',
      deliveryId: 'D-9',
      grams: 1_000n,
    });
  });

  it("keys a run by its first input, so it follows that node's receipt on one partition", () => {
    const run = aRunCompleted({
      inputs: [
        { nodeId: 'L-MAIN', grams: g(600) },
        { nodeId: 'L-SIDE', grams: g(400) },
      ],
    });
    const message = toMessage(run, context);
    expect(message).toMatchObject({
      subject: 'L-MAIN',
      type: 'vezel.recycling.v1.ProcessingRunCompleted',
      time: run.completedAt,
    });
    expect(fromBinary(ProcessingRunCompletedSchema, message.value).inputs.map((input) => input.nodeId)).toEqual([
      'L-MAIN',
      'L-SIDE',
    ]);
  });

  it('keys a disposal by the disposed node', () => {
    const disposal = aNodeDisposed({ nodeId: 'L-GONE' });
    expect(toMessage(disposal, context)).toMatchObject({
      subject: 'L-GONE',
      type: 'vezel.recycling.v1.NodeDisposed',
      time: disposal.disposedAt,
    });
  });
});
