import { describe, expect, it } from 'vitest';
import { urlStartupOptions } from '../src/url-startup-options.ts';

describe('urlStartupOptions', () => {
  it('takes the startup options out and leaves every other byte as it was', () => {
    expect(
      urlStartupOptions('postgres://u:50%off^@db.example:5432/vezel?sslmode=require&options=-c%20work_mem%3D8MB'),
    ).toEqual({
      connectionString: 'postgres://u:50%off^@db.example:5432/vezel?sslmode=require',
      options: '-c work_mem=8MB',
    });
    expect(urlStartupOptions('postgres://u@db.example/vezel?options=-c+lock_timeout%3D4s')).toEqual({
      connectionString: 'postgres://u@db.example/vezel',
      options: '-c lock_timeout=4s',
    });
  });

  it('handles the forms pg reads that are not WHATWG URLs, such as a socket with an empty host', () => {
    expect(urlStartupOptions('postgres://u:p@/vezel?host=/var/run/postgresql&options=-c%20a%3Db')).toEqual({
      connectionString: 'postgres://u:p@/vezel?host=/var/run/postgresql',
      options: '-c a=b',
    });
  });

  it('takes the last of two, as pg did, and leaves a string without options untouched', () => {
    expect(urlStartupOptions('postgres://h/db?options=-c%20a%3D1&x=1&options=-c%20a%3D2')).toEqual({
      connectionString: 'postgres://h/db?x=1',
      options: '-c a=2',
    });
    const noVerify = 'postgresql://u@db.example/vezel?ssl=no-verify';
    expect(urlStartupOptions(noVerify)).toEqual({ connectionString: noVerify });
    expect(urlStartupOptions('host=/var/run/postgresql dbname=vezel')).toEqual({
      connectionString: 'host=/var/run/postgresql dbname=vezel',
    });
  });
});
