import { randomBytes } from 'node:crypto';
import type { Principal } from './principal.ts';

/**
 * Browser sessions for a single-process host (the embedded `npm start`): a one-time login token, printed in a URL
 * as Jupyter does, becomes a session id in an HttpOnly, SameSite=Strict cookie. A session only ever reads: the
 * services accept it for GET and HEAD alone, so a page cannot change state on a visitor's behalf (no CSRF), and
 * state changes keep needing a key. Kept in memory: a restart logs everyone out and prints a new URL.
 */
export interface LoginSessions {
  /** A new single-use login token, valid for `loginTtlMs`. */
  issueLoginToken(): string;
  /** Trades a login token for a session id, once; undefined for an unknown, used or stale token. */
  redeem(loginToken: string): string | undefined;
  /** Who a live session is. */
  principalOf(sessionId: string): Principal | undefined;
}

export function createLoginSessions(options: {
  /** Who a session acts as: `read` only, whatever the principal's key may do. */
  readonly principal: Principal;
  readonly loginTtlMs?: number;
  readonly sessionTtlMs?: number;
  readonly now?: () => number;
}): LoginSessions {
  const now = options.now ?? Date.now;
  const loginTtlMs = options.loginTtlMs ?? 24 * 60 * 60_000;
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60_000;
  const reader: Principal = { ...options.principal, scopes: new Set(['read']), credential: 'session' };
  const loginTokens = new Map<string, number>();
  const sessions = new Map<string, number>();
  const secret = (): string => randomBytes(32).toString('base64url');
  return {
    issueLoginToken() {
      const token = secret();
      loginTokens.set(token, now() + loginTtlMs);
      return token;
    },
    redeem(loginToken) {
      const expiresAt = loginTokens.get(loginToken);
      loginTokens.delete(loginToken);
      if (expiresAt === undefined || expiresAt <= now()) return undefined;
      const sessionId = secret();
      sessions.set(sessionId, now() + sessionTtlMs);
      return sessionId;
    },
    principalOf(sessionId) {
      const expiresAt = sessions.get(sessionId);
      if (expiresAt === undefined) return undefined;
      if (expiresAt <= now()) {
        sessions.delete(sessionId);
        return undefined;
      }
      return reader;
    },
  };
}
