import { randomBytes } from 'node:crypto';

/**
 * Small server-rendered HTML documents (3-D Secure forms, the sandbox issuer page) that are served
 * by route handlers, outside React. Every interpolated value is escaped unless wrapped in `raw`.
 */
const rawMarker = Symbol('raw html');
type RawHtml = { [rawMarker]: string };

export const raw = (markup: string): RawHtml => ({ [rawMarker]: markup });

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character]);
}

type HtmlValue = string | number | RawHtml | null | undefined | false | HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object') return value[rawMarker];
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): RawHtml {
  return raw(strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]) : ''), ''));
}

export const toMarkup = (document: RawHtml): string => document[rawMarker];

export const newNonce = () => randomBytes(16).toString('base64');

/**
 * A self-submitting POST form: the browser carries the fields to `action` with no cookies or URL
 * parameters involved; without script, the visible button does the same.
 */
export function autoPostForm(options: {
  action: string;
  fields: Record<string, string>;
  buttonLabel: string;
  message: string;
  nonce?: string;
}): RawHtml {
  const formId = `kasa-form-${randomBytes(4).toString('hex')}`;
  return html`<form id="${formId}" method="post" action="${options.action}">
${Object.entries(options.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<p>${options.message}</p>
<noscript><button type="submit">${options.buttonLabel}</button></noscript>
</form>
<script${options.nonce ? html` nonce="${options.nonce}"` : ''}>document.getElementById(${raw(JSON.stringify(formId))}).submit();</script>`;
}
