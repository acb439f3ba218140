// The one body restify may read on a POST route: JSON, not compressed. restify's body reader
// would gunzip without an 'error' listener (a body that is not gzip throws out of the process)
// and counts only the compressed bytes against the size limit (a small gzip bomb inflates to
// hundreds of MB). Neither the Bot Framework nor Graph ever compresses what it sends.
import type { Next, Request, Response } from 'restify';

/** restify middleware answering 415 unless the body is uncompressed JSON; `what` names it ("activities"). */
export function jsonBodyOnly(what: string) {
  return (req: Request, res: Response, next: Next) => {
    if (!req.is('application/json')) {
      res.send(415, { error: 'unsupported_media_type', message: `Send ${what} as application/json.` });
      return next(false);
    }
    if (req.headers['content-encoding'] !== undefined) {
      res.send(415, { error: 'unsupported_media_type', message: `Send ${what} without a Content-Encoding.` });
      return next(false);
    }
    return next();
  };
}
