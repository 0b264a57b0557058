import { AppError } from '../errors';
import { runRoute } from './handler';

/**
 * A handler for the methods a route does not serve: Next.js would answer 405 with an empty body,
 * the contract wants its error body on every non-2xx.
 */
export function methodNotAllowed(...allowed: string[]) {
  return (request: Request) =>
    runRoute(request, async () => {
      throw new AppError('METHOD_NOT_ALLOWED', `Use ${allowed.join(' or ')} on this endpoint`, [
        { field: 'method', code: 'METHOD_NOT_ALLOWED', message: `Allowed: ${allowed.join(', ')}` },
      ], { Allow: allowed.join(', ') });
    });
}
