import type { Request } from 'express';

/** A problem's `instance`: the request path, without a query string that might carry something sensitive. */
export function problemInstanceOf(req: Request): string {
  const url = req.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
