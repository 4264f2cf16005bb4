/**
 * Takes `?options=...` (PostgreSQL startup options, which hosted servers such as Neon need) out of a connection
 * URL: pg lets a connection string's parameters replace the config's, so left in, they would silently replace the
 * pool's own. Everything else stays in the URL for pg to read as it always does. A connection string that is not a
 * URL, or has no options, comes back as it was.
 */
export function urlStartupOptions(connectionString: string): {
  readonly connectionString: string;
  readonly options?: string;
} {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { connectionString };
  }
  const options = url.searchParams.get('options');
  if (options === null) return { connectionString };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), options };
}
