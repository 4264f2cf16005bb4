import { createLogger } from '@vezel/telemetry';
import { eventually } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { createKafkaEventLog } from '../src/index.ts';

describe('kafkajs logging', () => {
  it('writes kafkajs errors as structured JSON lines through the service logger', async () => {
    const lines: string[] = [];
    const logger = createLogger('collection', { level: 'debug', write: (line) => lines.push(line) });
    // Nothing listens on this loopback port: connecting fails and kafkajs logs why.
    const log = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'logging-test', logger });
    await expect(log.publish([{ topic: 't', key: 'k', value: new Uint8Array(), headers: {} }])).rejects.toThrow(
      /Kafka/,
    );
    await log.close();
    await eventually(() => lines.length > 0, { description: 'a log line' });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'error', service: 'collection', component: 'kafkajs' });
    expect(entry['msg']).toMatch(/Connection|connect/i);
  });
});
