import { trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, type LoggerOptions } from '../src/index.ts';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing.ts';

function captureLogs(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger('sorting', { level: 'debug', write: (line) => lines.push(line), ...options });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

/** How often `key` occurs as a key in a raw line: JSON.parse would hide a duplicate by keeping the last. */
function keyCount(line: string, key: string): number {
  return line.split(`"${key}":`).length - 1;
}

describe('createLogger', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('writes one JSON object per line with level, time and service first and the message', () => {
    const { logger, lines } = captureLogs();

    logger.info('sorting run recorded', { runId: 'run-1' });

    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(record).slice(0, 3)).toEqual(['level', 'time', 'service']);
    expect(record).toEqual({
      level: 'info',
      time: expect.any(String) as unknown,
      service: 'sorting',
      msg: 'sorting run recorded',
      runId: 'run-1',
    });
    expect(new Date(record['time'] as string).toISOString()).toBe(record['time']);
  });

  it('writes grams held as bigint as decimal strings', () => {
    const { logger, records } = captureLogs();

    logger.info('lot created', { grams: 9_007_199_254_740_993n, lines: [{ grams: 1n }] });

    expect(records()[0]).toMatchObject({ grams: '9007199254740993', lines: [{ grams: '1' }] });
  });

  it('writes errors with their name, message, stack, cause and own fields', () => {
    const { logger, records } = captureLogs();
    const error = Object.assign(new Error('outputs exceed inputs', { cause: new Error('run r-1') }), {
      kind: 'MassNotConserved',
      field: 'outputs[2].grams',
    });

    logger.error('command rejected', { err: error });

    const written = records()[0]!['err'] as Record<string, unknown>;
    expect(written).toMatchObject({
      name: 'Error',
      message: 'outputs exceed inputs',
      kind: 'MassNotConserved',
      field: 'outputs[2].grams',
      cause: { name: 'Error', message: 'run r-1' },
    });
    expect(written['stack']).toContain('outputs exceed inputs');
  });

  it('adds the fields of a child logger to every line, letting call fields win', () => {
    const { logger, lines, records } = captureLogs();
    const relay = logger.child({ component: 'outbox-relay', topic: 'vezel.sorting.v1' });

    relay.info('published', { topic: 'vezel.sorting.v2' });
    relay.child({ partition: 3 }).info('published again');

    expect(records()[0]).toMatchObject({ component: 'outbox-relay', topic: 'vezel.sorting.v2' });
    expect(keyCount(lines[0]!, 'topic')).toBe(1);
    expect(records()[1]).toMatchObject({ component: 'outbox-relay', topic: 'vezel.sorting.v1', partition: 3 });
  });

  it('does not let fields overwrite or repeat the fixed keys', () => {
    const { logger, lines, records } = captureLogs();

    logger
      .child({ service: 'child' })
      .warn('real message', { msg: 'forged', level: 'error', service: 'other', time: 0, trace_id: 'forged' });

    expect(records()[0]).toEqual({
      level: 'warn',
      time: expect.any(String) as unknown,
      service: 'sorting',
      msg: 'real message',
    });
    for (const key of ['msg', 'level', 'service', 'time']) expect(keyCount(lines[0]!, key)).toBe(1);
  });

  it('writes nothing below the configured level', () => {
    const { logger, records } = captureLogs({ level: 'warn' });

    logger.debug('noise');
    logger.info('noise');
    logger.warn('kept');
    logger.error('kept too');

    expect(records().map((record) => record['level'])).toEqual(['warn', 'error']);
  });

  it('writes nothing at all when silent', () => {
    const { logger, lines } = captureLogs({ level: 'silent' });

    logger.error('dropped');

    expect(lines).toEqual([]);
  });

  it('takes its level from LOG_LEVEL', () => {
    vi.stubEnv('LOG_LEVEL', 'ERROR');
    const lines: string[] = [];
    const logger = createLogger('sorting', { write: (line) => lines.push(line) });

    logger.warn('dropped');
    logger.error('kept');

    expect(lines).toHaveLength(1);
  });

  it('writes info and above when LOG_LEVEL is unset', () => {
    vi.stubEnv('LOG_LEVEL', undefined);
    const lines: string[] = [];
    const logger = createLogger('sorting', { write: (line) => lines.push(line) });

    logger.debug('dropped');
    logger.info('kept');

    expect(lines).toHaveLength(1);
  });

  it('rejects an unknown LOG_LEVEL, naming the variable', () => {
    vi.stubEnv('LOG_LEVEL', 'verbose');

    expect(() => createLogger('sorting')).toThrow(/LOG_LEVEL must be one of debug, info, warn, error, silent/);
  });

  it('writes a reference back to an enclosing object as [Circular]', () => {
    const { logger, records } = captureLogs();
    const circular: Record<string, unknown> = { name: 'run' };
    circular['self'] = circular;

    logger.error('shutdown failed', { circular });

    expect(records()[0]).toMatchObject({ circular: { name: 'run', self: '[Circular]' } });
  });

  it('keeps the line when the fields cannot be read', () => {
    const { logger, records } = captureLogs();
    const hostile = {
      get broken(): never {
        throw new Error('getter failed');
      },
    };

    expect(() => logger.error('shutdown failed', { hostile })).not.toThrow();
    expect(records()[0]).toMatchObject({ msg: 'shutdown failed' });
    expect(records()[0]!['log_error']).toBe('fields not serialisable: getter failed');
  });

  describe('credentials', () => {
    const apiKey = 'vzk_01JTESTKEYID_SeCrEtPaRtOfTheKey';
    const databasePassword = 'pg-PaSsWoRd-42';
    const webhookSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

    it('writes fields named like credentials as [Redacted], at any depth an error or request puts them', () => {
      const { logger, lines, records } = captureLogs();
      const fields = {
        apiKey,
        request: { headers: { authorization: `Bearer ${apiKey}`, 'x-api-key': apiKey, accept: 'application/json' } },
        webhook: { url: 'https://partner.example/hooks', secrets: [{ secret: webhookSecret }] },
        subscriptions: [{ id: 'w-1', secret: webhookSecret }],
        error: Object.assign(new Error('request failed'), {
          config: { headers: { Authorization: `Bearer ${apiKey}` } },
        }),
        login: { password: databasePassword, token: apiKey },
        pageToken: 'cursor-1',
      };

      logger.warn('webhook delivery failed; retrying', fields);

      for (const secret of [apiKey, databasePassword, webhookSecret]) expect(lines[0]).not.toContain(secret);
      expect(records()[0]).toMatchObject({
        apiKey: '[Redacted]',
        request: { headers: { authorization: '[Redacted]', 'x-api-key': '[Redacted]', accept: 'application/json' } },
        webhook: { url: 'https://partner.example/hooks', secrets: '[Redacted]' },
        subscriptions: [{ id: 'w-1', secret: '[Redacted]' }],
        error: { message: 'request failed', config: { headers: { Authorization: '[Redacted]' } } },
        login: { password: '[Redacted]', token: '[Redacted]' },
        pageToken: 'cursor-1',
      });
      // The caller's objects are left as they were.
      expect(fields.request.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(fields.webhook.secrets[0]!.secret).toBe(webhookSecret);
    });

    it('censors credentials in a child logger fields too', () => {
      const { logger, lines } = captureLogs();

      logger.child({ token: apiKey }).info('called');

      expect(lines[0]).not.toContain(apiKey);
      expect(JSON.parse(lines[0]!)).toMatchObject({ token: '[Redacted]' });
    });

    it('strips the password from URLs in fields, errors and messages, keeping the rest of the URL', () => {
      const { logger, lines, records } = captureLogs();
      const databaseUrl = `postgres://vezel:${databasePassword}@db.internal:5432/vezel?sslmode=require`;

      logger.error(`cannot reach ${databaseUrl}`, {
        databaseUrl,
        url: new URL(databaseUrl),
        error: new Error(`connect failed for ${databaseUrl}`),
        listen: 'http://127.0.0.1:8080/healthz@now',
      });

      expect(lines[0]).not.toContain(databasePassword);
      const stripped = 'postgres://vezel:***@db.internal:5432/vezel?sslmode=require';
      expect(records()[0]).toMatchObject({
        msg: `cannot reach ${stripped}`,
        databaseUrl: stripped,
        url: stripped,
        error: { message: `connect failed for ${stripped}` },
        listen: 'http://127.0.0.1:8080/healthz@now',
      });
    });
  });

  describe('in a trace', () => {
    let tracing: InMemoryTracing;
    beforeAll(() => {
      tracing = startInMemoryTracing();
    });
    afterAll(() => tracing.shutdown());

    it('writes the trace and span ids of the active span on every line, at every level and in children', () => {
      const { logger, records } = captureLogs();

      const ids = trace.getTracer('test').startActiveSpan('POST /v1/sorting/runs', (span) => {
        logger.debug('authenticated');
        logger.info('recorded');
        logger.child({ component: 'outbox' }).warn('notify failed');
        logger.error('unexpected error', { trace_id: 'forged' });
        span.end();
        return span.spanContext();
      });
      logger.info('idle');

      const [debug, info, warn, error, idle] = records();
      for (const record of [debug, info, warn, error]) {
        expect(record).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
      }
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(idle).not.toHaveProperty('trace_id');
      expect(idle).not.toHaveProperty('span_id');
    });

    it('writes the ids of the innermost span', () => {
      const { logger, records } = captureLogs();
      const tracer = trace.getTracer('test');

      const inner = tracer.startActiveSpan('request', (outer) =>
        tracer.startActiveSpan('query', (span) => {
          logger.info('querying');
          span.end();
          outer.end();
          return span.spanContext();
        }),
      );

      expect(records()[0]).toMatchObject({ trace_id: inner.traceId, span_id: inner.spanId });
    });
  });
});
