import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@vezel/errors';
import type { Response } from 'express';

/** Answers with RFC 9457 problem details, through `res.json` so the app's bigint replacer applies to extensions. */
export function sendProblem(res: Response, problem: ProblemDetails): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
}
