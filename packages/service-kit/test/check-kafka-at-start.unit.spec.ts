import { UnavailableError } from '@vezel/errors';
import { KafkaAccessRefusedError, MissingTopicsError, type EventLog, type TopicSpec } from '@vezel/messaging';
import { createLogger } from '@vezel/telemetry';
import { describe, expect, it } from 'vitest';
import { checkKafkaAtStart } from '../src/check-kafka-at-start.ts';

/* What start-up does with the broker's answer to "do the topics exist?". */

/** An event log whose `ensureTopics` answers `answer` and remembers what it was asked; nothing else is used. */
function logAnswering(answer: () => Promise<void>): { readonly log: EventLog; readonly asked: TopicSpec[][] } {
  const asked: TopicSpec[][] = [];
  const unused = (): never => {
    throw new Error('not used by the check');
  };
  const log: EventLog = {
    transport: 'kafka',
    ensureTopics: async (topics) => {
      asked.push([...topics]);
      return answer();
    },
    publish: unused,
    subscribe: unused,
    endOffsets: unused,
    close: async () => undefined,
  };
  return { log, asked };
}

function recordingLogger(): { readonly logger: ReturnType<typeof createLogger>; readonly lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('collection', { level: 'warn', write: (line) => lines.push(line) }), lines };
}

describe('checkKafkaAtStart', () => {
  it('starts quietly when the broker has the topics', async () => {
    const { log, asked } = logAnswering(async () => undefined);
    const { logger, lines } = recordingLogger();
    await checkKafkaAtStart(log, ['vezel.collection.v1'], logger);
    expect(asked).toEqual([[{ name: 'vezel.collection.v1' }]]);
    expect(lines).toEqual([]);
  });

  it("stops start-up with the log's own error when the broker says a topic is missing", async () => {
    const missing = new MissingTopicsError('Kafka topic vezel.collection.v1 missing (KAFKA_CREATE_TOPICS=false)', [
      'vezel.collection.v1',
    ]);
    const { log } = logAnswering(async () => Promise.reject(missing));
    const { logger } = recordingLogger();
    await expect(checkKafkaAtStart(log, ['vezel.collection.v1'], logger)).rejects.toBe(missing);
  });

  it('warns and starts when the broker cannot be reached, naming the topics and why', async () => {
    const { log } = logAnswering(async () =>
      Promise.reject(new UnavailableError('listing Kafka topics failed: connect ECONNREFUSED 127.0.0.1:1')),
    );
    const { logger, lines } = recordingLogger();
    await checkKafkaAtStart(log, ['vezel.collection.v1'], logger);
    expect(lines).toHaveLength(1);
    const warning = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(warning).toMatchObject({ level: 'warn', topics: ['vezel.collection.v1'] });
    expect(JSON.stringify(warning)).toContain('ECONNREFUSED');
  });

  it('stops start-up when the broker refuses the service, naming the settings to correct', async () => {
    const refused = new KafkaAccessRefusedError(
      'listing Kafka topics failed: SASL authentication failed. (the broker refused the SASL credentials)',
    );
    const { log } = logAnswering(async () => Promise.reject(refused));
    const { logger } = recordingLogger();
    const stopped = checkKafkaAtStart(log, ['vezel.collection.v1'], logger);
    await expect(stopped).rejects.toThrow(KafkaAccessRefusedError);
    await expect(stopped).rejects.toThrow(/refused the SASL credentials.*KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
  });

  it('asks nothing of a module that publishes nowhere', async () => {
    const { log, asked } = logAnswering(async () => Promise.reject(new Error('not to be asked')));
    await checkKafkaAtStart(log, [], recordingLogger().logger);
    expect(asked).toEqual([]);
  });
});
