import { AppError } from '@/lib/errors';
import { runRoute } from '@/lib/http/route';

// Any other /api path: the contract's JSON 404 instead of an HTML page
const notFound = (request: Request) =>
  runRoute(request, () =>
    Promise.reject(new AppError('NOT_FOUND', 'No such endpoint', [{ field: 'path', code: 'NOT_FOUND', message: 'Check the URL against the API reference' }])),
  );

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
