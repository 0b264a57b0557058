import { AppError } from '../errors';
import { isSameOriginRequest } from './origin';

/**
 * Checks a server-action POST before Next.js decodes it. Next.js answers a malformed action request
 * with a bare 500 (vercel/next.js#86945): a foreign Origin, a body that is not FormData or JSON, an
 * argument list that is not an array, or a `$` reference to a part the request never sent. Kasa's
 * actions take plain values (strings, numbers, booleans, null, objects, arrays, and FormData from
 * its own forms), so every request React's client can send for them passes, and anything else is a
 * 4xx here.
 *
 * Returns the error to answer with, or null to let Next.js run the action.
 */
export async function checkActionRequest(request: Request): Promise<AppError | null> {
  const isActionCall = request.headers.has('next-action');
  const isMultipart = /^multipart\/form-data\s*(;|$)/i.test(request.headers.get('content-type') ?? '');
  // A form posted without JavaScript is multipart with the action named in its fields.
  if (!isActionCall && !isMultipart) return null;

  // A form posted without JavaScript gets its action's own answer to a foreign Origin: a page.
  if (isActionCall && !isSameOriginRequest(request.headers)) {
    const message = 'This request was sent from another site';
    return new AppError('FORBIDDEN', message, [{ field: 'Origin', code: 'FOREIGN_ORIGIN', message }]);
  }
  if (isMultipart) {
    let form: FormData;
    try {
      form = await request.clone().formData();
    } catch {
      return malformed('The form data cannot be read');
    }
    if (!isActionCall) return null;
    // With JavaScript, React sends the argument list as field "0" and FormData arguments as fields
    // prefixed "<n>_", referenced from it as "$K<n>".
    const argumentList = form.get('0');
    return typeof argumentList === 'string' ? checkArgumentList(argumentList, { formData: true }) : malformed('The action arguments are missing');
  }
  return checkArgumentList(await request.clone().text(), { formData: false });
}

/** React's encodings of plain values that are not JSON: `$$…` is an escaped string that begins with `$`. */
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;
const FORM_DATA_REFERENCE = /^\$K\d+$/;

function checkArgumentList(text: string, { formData }: { formData: boolean }): AppError | null {
  let argumentList: unknown;
  try {
    argumentList = JSON.parse(text);
  } catch {
    return malformed('The action arguments are not JSON');
  }
  if (!Array.isArray(argumentList)) return malformed('The action arguments are not a JSON array');
  const references = (value: unknown): boolean => {
    if (typeof value === 'string') return value.startsWith('$') && !PLAIN_VALUE.test(value) && !(formData && FORM_DATA_REFERENCE.test(value));
    if (Array.isArray(value)) return value.some(references);
    if (value !== null && typeof value === 'object') return Object.values(value).some(references);
    return false;
  };
  return argumentList.some(references) ? malformed('The action arguments refer to parts the request does not hold') : null;
}

function malformed(message: string): AppError {
  return new AppError('MALFORMED_JSON', message, [{ field: 'body', code: 'MALFORMED_JSON', message }]);
}
