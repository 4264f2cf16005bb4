import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LoggerOptions } from '../src/index.ts';

function captureLogs(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger('sorting', { level: 'debug', write: (line) => lines.push(line), ...options });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('writes one JSON object per line with time, level, service and message first', () => {
    const { logger, lines } = captureLogs();

    logger.info('sorting run recorded', { runId: 'run-1' });

    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['time', 'level', 'service', 'msg', 'runId']);
    expect(record).toMatchObject({ level: 'info', service: 'sorting', msg: 'sorting run recorded', runId: 'run-1' });
    expect(new Date(record['time'] as string).toISOString()).toBe(record['time']);
  });

  it('writes grams held as bigint as decimal strings', () => {
    const { logger, records } = captureLogs();

    logger.info('lot created', { grams: 9_007_199_254_740_993n });

    expect(records()[0]).toMatchObject({ grams: '9007199254740993' });
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
      cause: { message: 'run r-1' },
    });
    expect(written['stack']).toContain('outputs exceed inputs');
  });

  it('adds the fields of a child logger to every line, letting call fields win', () => {
    const { logger, records } = captureLogs();
    const relay = logger.child({ component: 'outbox-relay', topic: 'vezel.sorting.v1' });

    relay.info('published', { topic: 'vezel.sorting.v2' });

    expect(records()[0]).toMatchObject({ component: 'outbox-relay', topic: 'vezel.sorting.v2' });
  });

  it('does not let fields overwrite the fixed keys', () => {
    const { logger, records } = captureLogs();

    logger.warn('real message', { msg: 'forged', level: 'error', service: 'other' });

    expect(records()[0]).toMatchObject({ msg: 'real message', level: 'warn', service: 'sorting' });
  });

  it('writes nothing below the configured level', () => {
    const { logger, records } = captureLogs({ level: 'warn' });

    logger.debug('noise');
    logger.info('noise');
    logger.warn('kept');
    logger.error('kept too');

    expect(records().map((record) => record['level'])).toEqual(['warn', 'error']);
  });

  it('takes its level from LOG_LEVEL', () => {
    vi.stubEnv('LOG_LEVEL', 'ERROR');
    const lines: string[] = [];
    const logger = createLogger('sorting', { write: (line) => lines.push(line) });

    logger.warn('dropped');
    logger.error('kept');

    expect(lines).toHaveLength(1);
  });

  it('rejects an unknown LOG_LEVEL, naming the variable', () => {
    vi.stubEnv('LOG_LEVEL', 'verbose');

    expect(() => createLogger('sorting')).toThrow(/LOG_LEVEL must be one of debug, info, warn, error, silent/);
  });

  it('keeps the line when the fields cannot be serialised', () => {
    const { logger, records } = captureLogs();
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;

    expect(() => logger.error('shutdown failed', { circular })).not.toThrow();
    expect(records()[0]).toMatchObject({ msg: 'shutdown failed' });
    expect(records()[0]!['log_error']).toContain('not serialisable');
  });
});
