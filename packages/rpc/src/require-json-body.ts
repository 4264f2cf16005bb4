import type { RequestHandler } from 'express';
import { problemInstanceOf } from './problem-instance.ts';
import { sendProblem } from './send-problem.ts';
import { unsupportedMediaTypeProblem } from './transport-problems.ts';

/** Media types read as JSON: `application/json` and structured-syntax types like `application/merge-patch+json`. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'] as const;

const methodsWithBodies = new Set(['POST', 'PUT', 'PATCH']);

/**
 * 415 for a POST / PUT / PATCH whose body is not JSON. Without it, express.json would skip such a body and the
 * route would see `req.body === undefined`, reported as a missing field rather than as the wrong content type.
 * A request without a body (no Content-Length or 0, no Transfer-Encoding) passes: commands like "close batch"
 * carry everything in the path.
 */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (!methodsWithBodies.has(req.method) || !hasBody(req.headers)) {
    next();
    return;
  }
  if (req.is([...JSON_MEDIA_TYPES]) === false) {
    const contentType = req.headers['content-type'];
    sendProblem(
      res,
      unsupportedMediaTypeProblem(
        contentType === undefined
          ? 'the request body must be sent as Content-Type: application/json'
          : `the request body must be application/json, not ${contentType}`,
        problemInstanceOf(req),
      ),
    );
    return;
  }
  next();
};

function hasBody(headers: {
  readonly 'transfer-encoding'?: string | undefined;
  readonly 'content-length'?: string | undefined;
}): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
