/** Reads a small urlencoded/multipart form; anything else or anything large gives null. */
export async function readSmallForm(request: Request, maxBytes = 8 * 1024): Promise<FormData | null> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return null;
  if (Number(request.headers.get('content-length') ?? maxBytes + 1) > maxBytes) return null;
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

export function formString(form: FormData, name: string, maxLength = 256): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}
