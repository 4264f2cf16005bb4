import type { GrpcCallContext } from '@vezel/rpc';
import type { Request } from 'express';

/** The cookie a browser session rides on (the embedded chain's login). */
export const SESSION_COOKIE = 'vezel_session';

/**
 * The credential of an HTTP request as the authenticator reads it: the `Authorization` header, or, for a read (GET,
 * HEAD) without one, the session cookie as `Session <id>`. A state change never counts a cookie, so a page a user
 * has open elsewhere cannot make their browser record or rebuild anything.
 */
export function httpCredential(req: Request): string | undefined {
  const authorization = req.get('authorization');
  if (authorization !== undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return authorization;
  const session = sessionCookieOf(req.get('cookie'));
  return session === undefined ? undefined : `Session ${session}`;
}

function sessionCookieOf(header: string | undefined): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [name, value] = pair.split('=', 2).map((part) => part.trim());
    if (name === SESSION_COOKIE && value !== undefined && /^[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
  }
  return undefined;
}

/** The credential of a gRPC call: its `authorization` metadata (gRPC has no cookies, so no sessions). */
export function grpcCredential(context: GrpcCallContext): string | undefined {
  const [value] = context.metadata.get('authorization');
  return typeof value === 'string' ? value : undefined;
}
