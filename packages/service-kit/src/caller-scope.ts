import { requireScope, type AccessControl, type Scope } from '@vezel/access';
import type { GrpcCallContext } from '@vezel/rpc';
import type { Request, RequestHandler } from 'express';
import { grpcCredential, httpCredential } from './http-credential.ts';

/**
 * Express middleware for an API outside the declared chain operations (the ledger's): the caller must be
 * authenticated and hold the scope `scopeOf` names for the request (401 / 403 problem+json otherwise). Without
 * access control it passes everything.
 */
export function requireCallerScope(
  access: AccessControl | undefined,
  scopeOf: (req: Request) => Scope,
): RequestHandler {
  return async (req, _res, next) => {
    if (access !== undefined) requireScope(await access.authenticate(httpCredential(req)), scopeOf(req));
    next();
  };
}

/** The same check before every gRPC call of a service (`beforeEachCall` of `registerGrpcService`). */
export function grpcCallerScope(
  access: AccessControl | undefined,
  scope: Scope,
): ((context: GrpcCallContext) => Promise<void>) | undefined {
  if (access === undefined) return undefined;
  return async (context) => {
    requireScope(await access.authenticate(grpcCredential(context)), scope);
  };
}
