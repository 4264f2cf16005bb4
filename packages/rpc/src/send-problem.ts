import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@vezel/errors';
import type { Response } from 'express';

/** Answers with RFC 9457 problem details, through `res.json` so the app's bigint replacer applies to extensions. */
export function sendProblem(res: Response, problem: ProblemDetails): void {
  // A 429 says when to come back, in whole seconds, as HTTP clients and proxies read it.
  const retryAfter = problem['retryAfterSeconds'];
  if (problem.status === 429 && typeof retryAfter === 'number') res.set('Retry-After', String(Math.ceil(retryAfter)));
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
}
