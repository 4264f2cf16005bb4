import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createOperatorKey,
  createLoginSessions,
  ensureOperatorPartner,
  openAccessControl,
  type AccessControl,
  type LoginSessions,
} from '@vezel/access';
import type { Db } from '@vezel/db';
import { UnauthenticatedError } from '@vezel/errors';
import { Router, type RequestHandler } from 'express';
import { SESSION_COOKIE } from '@vezel/service-kit';

/** The embedded chain's access: the directory, the operator's key, and browser logins. */
export interface EmbeddedAccess {
  readonly control: AccessControl;
  /** The operator's admin key, kept in `<data dir>/operator.key` (mode 0600) for the simulator and the CLI. */
  readonly apiKey: string;
  readonly keyFile: string;
  readonly sessions: LoginSessions;
  /** `GET /login?token=...`: trades a one-time login token for a read-only session cookie, then opens the dashboard. */
  readonly loginRoute: RequestHandler;
}

/**
 * Safe by default, still one command: the embedded chain authenticates like every service, so that nothing on the
 * machine (or a web page open in its browser) can record or rebuild without the operator's key. On first start it
 * registers the operator and makes its admin key, written to the data directory readable by its owner only; later
 * starts reuse the key while it works, and make a new one when it was revoked or the file was removed.
 */
const EMBEDDED_KEY_LABEL = 'vezel up';

/** Whether a kept key still authenticates; only a refusal counts as no (a database error is not a reason to mint). */
async function stillWorks(control: AccessControl, apiKey: string): Promise<boolean> {
  if (apiKey === '') return false;
  try {
    await control.authenticate(`Bearer ${apiKey}`);
    return true;
  } catch (error) {
    if (error instanceof UnauthenticatedError) return false;
    throw error;
  }
}

export async function openEmbeddedAccess(db: Db, dataDir: string): Promise<EmbeddedAccess> {
  const sessions = createLoginSessions({
    principal: { partnerId: 'operator', kind: 'operator', scopes: new Set(['read']), credential: 'session' },
  });
  const { directory, control } = await openAccessControl(
    db,
    { mode: 'enabled', schema: 'access', bearerTokens: undefined },
    { sessions },
  );
  await ensureOperatorPartner(directory);
  const keyFile = join(dataDir, 'operator.key');
  let apiKey = (await readFile(keyFile, 'utf8').catch(() => '')).trim();
  if (!(await stillWorks(control, apiKey))) {
    // A key that was revoked, expired or lost is replaced, and every earlier one `vezel up` made is revoked, so a
    // copy of an old key file opens nothing.
    const now = new Date();
    for (const key of await directory.listApiKeys('operator')) {
      if (key.label === EMBEDDED_KEY_LABEL && key.revokedAt === undefined) await directory.revokeApiKey(key.keyId, now);
    }
    apiKey = (await createOperatorKey(directory, { label: EMBEDDED_KEY_LABEL })).token;
    // Written beside and renamed over: the file is 0600 from its first byte, and an old file's mode does not carry on.
    const fresh = `${keyFile}.${process.pid}.new`;
    await writeFile(fresh, `${apiKey}\n`, { mode: 0o600, flag: 'wx' });
    await rename(fresh, keyFile);
  }

  const loginRoute = Router();
  loginRoute.get('/login', (req, res) => {
    const token = typeof req.query['token'] === 'string' ? req.query['token'] : '';
    const sessionId = sessions.redeem(token);
    if (sessionId === undefined) {
      res
        .status(401)
        .type('text/plain')
        .send('This login link has been used or has expired. Restart `vezel up` for a new one.\n');
      return;
    }
    res
      .cookie(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'strict', path: '/' })
      .redirect(303, '/dashboard/');
  });
  return { control, apiKey, keyFile, sessions, loginRoute };
}
