import { UnavailableError } from '@vezel/errors';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyPgError } from '../src/classify-pg-error.ts';
import { sqlStateOf } from '../src/sql-state.ts';

function databaseError(code: string): pg.DatabaseError {
  const error = new pg.DatabaseError('failed', 0, 'error');
  error.severity = 'ERROR';
  error.code = code;
  return error;
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code, errno: -1, syscall: 'connect' });
}

describe('sqlStateOf', () => {
  it('reads the SQLSTATE of a database error', () => {
    expect(sqlStateOf(databaseError('40001'))).toBe('40001');
  });

  it('finds the SQLSTATE through a chain of causes', () => {
    const wrapped = new Error('outer', {
      cause: new UnavailableError('unavailable', { cause: databaseError('57P01') }),
    });
    expect(sqlStateOf(wrapped)).toBe('57P01');
  });

  it('does not mistake a five-letter system error code for a SQLSTATE', () => {
    expect(sqlStateOf(systemError('EPIPE'))).toBeUndefined();
  });

  it('answers undefined for anything that is not an error object', () => {
    expect(sqlStateOf('40001')).toBeUndefined();
    expect(sqlStateOf(undefined)).toBeUndefined();
  });
});

describe('classifyPgError', () => {
  it.each(['57P01', '57P03', '53300', '08006', '08001'])('makes SQLSTATE %s a retriable UnavailableError', (code) => {
    const cause = databaseError(code);
    const classified = classifyPgError(cause);

    expect(classified).toBeInstanceOf(UnavailableError);
    expect((classified as UnavailableError).cause).toBe(cause);
    expect(sqlStateOf(classified)).toBe(code);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND'])('makes a %s network error unavailable', (code) => {
    expect(classifyPgError(systemError(code))).toBeInstanceOf(UnavailableError);
  });

  it('recognises a refused connection to every address of a name (an AggregateError)', () => {
    const aggregate = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'connect failed');

    expect(classifyPgError(aggregate)).toBeInstanceOf(UnavailableError);
  });

  it('recognises the driver reporting a connection that ended', () => {
    expect(classifyPgError(new Error('Connection terminated unexpectedly'))).toBeInstanceOf(UnavailableError);
  });

  it.each(['40001', '40P01', '23505', '42P01', '08P01', '28P01'])('leaves SQLSTATE %s as it is', (code) => {
    const error = databaseError(code);
    expect(classifyPgError(error)).toBe(error);
  });

  it('leaves errors of our own making alone', () => {
    const error = new TypeError('Do not know how to serialize a BigInt');
    expect(classifyPgError(error)).toBe(error);
  });
});
