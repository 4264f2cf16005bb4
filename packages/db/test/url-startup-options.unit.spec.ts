import { describe, expect, it } from 'vitest';
import { urlStartupOptions } from '../src/url-startup-options.ts';

describe('urlStartupOptions', () => {
  it('takes the startup options out and leaves every other parameter as it was', () => {
    expect(
      urlStartupOptions('postgres://u:p%40ss@db.example:5432/vezel?options=-c%20work_mem%3D8MB&sslmode=require'),
    ).toEqual({
      connectionString: 'postgres://u:p%40ss@db.example:5432/vezel?sslmode=require',
      options: '-c work_mem=8MB',
    });
  });

  it('leaves a URL without options, and a connection string that is not a URL, untouched', () => {
    const noVerify = 'postgresql://u@db.example/vezel?ssl=no-verify';
    expect(urlStartupOptions(noVerify)).toEqual({ connectionString: noVerify });
    expect(urlStartupOptions('host=/var/run/postgresql dbname=vezel')).toEqual({
      connectionString: 'host=/var/run/postgresql dbname=vezel',
    });
  });
});
