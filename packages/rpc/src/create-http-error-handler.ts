import { InvalidInputError, isDomainError, toProblemDetails } from '@vezel/errors';
import type { ErrorRequestHandler } from 'express';
import { problemInstanceOf } from './problem-instance.ts';
import { sendProblem } from './send-problem.ts';
import { httpClientErrorProblem, payloadTooLargeProblem, unsupportedMediaTypeProblem } from './transport-problems.ts';
import type { UnexpectedErrorReporter } from './unexpected-error-reporter.ts';

/** Options for {@link createHttpErrorHandler}. */
export interface HttpErrorHandlerOptions {
  readonly serviceName: string;
  readonly bodyLimit: string | number;
  readonly reportUnexpectedError: UnexpectedErrorReporter;
}

/**
 * The one place errors become HTTP responses: domain errors through `toProblemDetails`, body-parser failures as
 * 400 / 413 / 415 naming `body`, other 4xx that express marks as safe to show with their own status, anything else
 * a 500 that hides the cause from the client and reports it.
 */
export function createHttpErrorHandler(options: HttpErrorHandlerOptions): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Too late for a problem response; express's default handler aborts the connection, which is all that's left.
    if (res.headersSent) {
      next(error);
      return;
    }
    const instance = problemInstanceOf(req);
    if (isDomainError(error)) {
      sendProblem(res, toProblemDetails(error, instance));
      return;
    }
    switch (bodyParserFailureOf(error)) {
      case 'entity.parse.failed':
        sendProblem(res, toProblemDetails(invalidBody('must be a valid JSON object or array'), instance));
        return;
      case 'entity.too.large':
        sendProblem(res, payloadTooLargeProblem(options.bodyLimit, instance));
        return;
      case 'charset.unsupported':
      case 'encoding.unsupported':
        sendProblem(
          res,
          unsupportedMediaTypeProblem('the request body must be UTF-8 JSON without content encoding', instance),
        );
        return;
      case 'request.aborted':
      case 'request.size.invalid':
        sendProblem(res, toProblemDetails(invalidBody('was incomplete or did not match its Content-Length'), instance));
        return;
      case undefined:
        break;
    }
    const clientError = exposedClientErrorOf(error);
    if (clientError !== undefined) {
      sendProblem(res, httpClientErrorProblem(clientError.status, clientError.message, instance));
      return;
    }
    options.reportUnexpectedError(error, {
      transport: 'http',
      operation: `${req.method} ${instance}`,
      service: options.serviceName,
    });
    sendProblem(res, toProblemDetails(error, instance));
  };
}

const bodyParserFailures = [
  'entity.parse.failed',
  'entity.too.large',
  'charset.unsupported',
  'encoding.unsupported',
  'request.aborted',
  'request.size.invalid',
] as const;

/** body-parser marks its errors with a `type`; the rest of its kinds (verify, stream misuse) are our bugs. */
function bodyParserFailureOf(error: unknown): (typeof bodyParserFailures)[number] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  return bodyParserFailures.find((failure) => failure === type);
}

function invalidBody(message: string): InvalidInputError {
  return new InvalidInputError(message, { field: 'body' });
}

/**
 * A 4xx raised by express itself: http-errors marks messages written for the client `expose: true`; the router's
 * undecodable path parameter is a URIError with status 400 and no such flag. A `status` on any other error (a
 * failed call to some dependency, say) says nothing about this request, so it stays a 500.
 */
function exposedClientErrorOf(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (expose !== true && !(error instanceof URIError)) return undefined;
  return { status, message: error.message };
}
