/**
 * Takes `?options=...` (PostgreSQL startup options, which hosted servers such as Neon need) out of a connection
 * string: pg lets a connection string's parameters replace the config's, so left in, they would silently replace the
 * pool's own. The rest of the string stays byte for byte (re-encoding it could change a password), for pg to read as
 * it always does. The value is decoded as pg decodes query parameters (URLSearchParams: `+` is a space); with the
 * parameter given twice, pg took the last, and so does this.
 */
export function urlStartupOptions(connectionString: string): {
  readonly connectionString: string;
  readonly options?: string;
} {
  const queryAt = connectionString.indexOf('?');
  if (queryAt < 0) return { connectionString };
  const pairs = connectionString.slice(queryAt + 1).split('&');
  const isOptions = (pair: string): boolean => pair.startsWith('options=');
  const given = pairs.filter(isOptions);
  if (given.length === 0) return { connectionString };
  const rest = pairs.filter((pair) => !isOptions(pair));
  return {
    connectionString: connectionString.slice(0, rest.length === 0 ? queryAt : queryAt + 1) + rest.join('&'),
    options: new URLSearchParams(given.at(-1)).get('options') ?? '',
  };
}
