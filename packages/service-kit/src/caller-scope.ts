import { requireScope, type AccessControl, type Principal, type Scope } from '@vezel/access';
import type { GrpcCallContext } from '@vezel/rpc';
import type { Request, RequestHandler, Response } from 'express';
import { grpcCredential, httpCredential } from './http-credential.ts';

const CALLER = 'vezelCaller';

/**
 * Express middleware for an API outside the declared chain operations (the ledger's): the caller must be
 * authenticated and hold the scope `scopeOf` names for the request (401 / 403 problem+json otherwise); its
 * principal is kept for the route ({@link callerOf}), so a request is authenticated (and rate-limited) once. Without
 * access control it passes everything.
 */
export function requireCallerScope(
  access: AccessControl | undefined,
  scopeOf: (req: Request) => Scope,
): RequestHandler {
  return async (req, res, next) => {
    if (access !== undefined) {
      // A second check on the same request (a route's own, after its router's) asks the principal it already has.
      const caller = callerOf(res) ?? (await access.authenticate(httpCredential(req)));
      requireScope(caller, scopeOf(req));
      res.locals[CALLER] = caller;
    }
    next();
  };
}

/** The principal {@link requireCallerScope} authenticated for this request; undefined without access control. */
export function callerOf(res: Response): Principal | undefined {
  return res.locals[CALLER] as Principal | undefined;
}

/** The same check for one gRPC call; answers the caller (undefined without access control). */
export async function grpcCaller(
  access: AccessControl | undefined,
  context: GrpcCallContext,
  scope: Scope,
): Promise<Principal | undefined> {
  if (access === undefined) return undefined;
  const caller = await access.authenticate(grpcCredential(context));
  requireScope(caller, scope);
  return caller;
}

/** {@link grpcCaller} before every gRPC call of a service (`beforeEachCall` of `registerGrpcService`). */
export function grpcCallerScope(
  access: AccessControl | undefined,
  scope: Scope,
): ((context: GrpcCallContext) => Promise<void>) | undefined {
  if (access === undefined) return undefined;
  return async (context) => {
    await grpcCaller(access, context, scope);
  };
}
