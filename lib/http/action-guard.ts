import { AppError } from '../errors';
import { isSameOriginRequest } from './request';

/**
 * Checks a server-action POST before Next.js decodes it. Next.js answers a malformed action request
 * with a bare 500 (vercel/next.js#86945): a foreign Origin, a body that is not FormData or JSON, an
 * argument list that is not an array, or a `$` reference to a part the request never sent. Kasa's
 * actions take plain values (strings, numbers, booleans, null, objects, arrays, and FormData from
 * its own forms), so every request React's client can send for them passes, and anything else is a
 * 4xx here.
 *
 * The argument list is refused when it holds more than {@link MAX_ARGUMENTS} arguments or nests deeper
 * than {@link MAX_DEPTH} (React's decoder and the check below would otherwise overflow the stack), and
 * a dashboard action (each takes nothing, or its form state and FormData) called with anything but
 * a FormData after the first argument is refused before the action reads it.
 *
 * Returns the error to answer with, or null to let Next.js run the action.
 */
export async function checkActionRequest(request: Request): Promise<AppError | null> {
  const isActionCall = request.headers.has('next-action');
  const isMultipart = /^multipart\/form-data\s*(;|$)/i.test(request.headers.get('content-type') ?? '');
  // A form posted without JavaScript is multipart with the action named in its fields.
  if (!isActionCall && !isMultipart) return null;

  if (isActionCall && !isSameOriginRequest(request.headers)) return foreignOrigin();
  const formTaking = new URL(request.url).pathname.startsWith('/dashboard');
  if (isMultipart) {
    let form: FormData;
    try {
      form = await request.clone().formData();
    } catch {
      return malformed('The form data cannot be read');
    }
    if (!isActionCall) {
      // A form posted without JavaScript names its action in "$ACTION_…" fields. Next.js aborts such a
      // post from a foreign Origin with a bare 500; without an Origin it runs the action, whose own
      // check answers with the form's page.
      const namesAction = [...form.keys()].some((name) => name.startsWith('$ACTION_'));
      return namesAction && request.headers.has('origin') && !isSameOriginRequest(request.headers) ? foreignOrigin() : null;
    }
    // With JavaScript, React sends the argument list as field "0" and FormData arguments as fields
    // prefixed "<n>_", referenced from it as "$K<n>".
    const argumentList = form.get('0');
    return typeof argumentList === 'string' ? checkArgumentList(argumentList, { formData: true, formTaking }) : malformed('The action arguments are missing');
  }
  return checkArgumentList(await request.clone().text(), { formData: false, formTaking });
}

/** Kasa's actions take at most two arguments; React's decoder fails on long lists. */
export const MAX_ARGUMENTS = 100;
/** Kasa's actions take flat values; deep nesting only serves to overflow a recursive decoder. */
export const MAX_DEPTH = 32;

function foreignOrigin(): AppError {
  const message = 'This request was sent from another site';
  return new AppError('FORBIDDEN', message, [{ field: 'Origin', code: 'FOREIGN_ORIGIN', message }]);
}

/** React's encodings of plain values that are not JSON: `$$…` is an escaped string that begins with `$`. */
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;
const FORM_DATA_REFERENCE = /^\$K\d+$/;

function checkArgumentList(text: string, { formData, formTaking }: { formData: boolean; formTaking: boolean }): AppError | null {
  let argumentList: unknown;
  try {
    argumentList = JSON.parse(text);
  } catch {
    return malformed('The action arguments are not JSON');
  }
  if (!Array.isArray(argumentList)) return malformed('The action arguments are not a JSON array');
  if (argumentList.length > MAX_ARGUMENTS) return malformed(`The action takes at most ${MAX_ARGUMENTS} arguments`);
  // Iterative walk: a recursive one overflows the stack on a body nested thousands deep.
  const pending: { value: unknown; depth: number }[] = (argumentList as unknown[]).map((value) => ({ value, depth: 1 }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (value.startsWith('$') && !PLAIN_VALUE.test(value) && !(formData && FORM_DATA_REFERENCE.test(value))) {
        return malformed('The action arguments refer to parts the request does not hold');
      }
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return malformed(`The action arguments nest deeper than ${MAX_DEPTH} levels`);
      for (const member of Object.values(value)) pending.push({ value: member, depth: depth + 1 });
    }
  }
  // Dashboard actions take nothing (sign-out), or (previous state, FormData): anything in the FormData's place must be one.
  if (formTaking && argumentList.slice(1).some((value) => !(formData && typeof value === 'string' && FORM_DATA_REFERENCE.test(value)))) {
    const message = "This action takes its form's fields";
    return new AppError('VALIDATION_ERROR', message, [{ field: 'body', code: 'FORM_DATA_REQUIRED', message }]);
  }
  return null;
}

function malformed(message: string): AppError {
  return new AppError('MALFORMED_JSON', message, [{ field: 'body', code: 'MALFORMED_JSON', message }]);
}
