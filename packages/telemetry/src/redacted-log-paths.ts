/**
 * Field names whose values are credentials wherever they appear: HTTP headers (as Node spells them, lower case, and as
 * callers often write them), API keys, tokens, passwords and secrets (a webhook's signing secrets among them).
 * Names like `pageToken` are not here: a page token is a cursor, not a credential.
 */
const secretKeys = [
  'authorization',
  'Authorization',
  'proxy-authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'X-Api-Key',
  'apiKey',
  'api_key',
  'apiKeys',
  'token',
  'tokens',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'bearerToken',
  'loginToken',
  'signatureToken',
  'credential',
  'credentials',
  'password',
  'passwd',
  'secret',
  'secrets',
  'clientSecret',
  'client_secret',
  'webhookSecret',
  'signingSecret',
  'privateKey',
  'private_key',
];

// pino's `*` stands for exactly one level, so each name is listed at every depth an error or a request object puts
// it (`error.config.headers.authorization` is four deep); deeper than that is not worth the cost on every line.
const maxDepth = 3;

/** The paths the logger's pino `redact` option censors. */
export const redactedLogPaths: readonly string[] = secretKeys.flatMap((key) =>
  Array.from({ length: maxDepth + 1 }, (_, depth) => `${'*.'.repeat(depth)}${pathSegment(key)}`),
);

function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
}
