/**
 * Just enough HTML reading for the server-rendered 3-D Secure pages (htmlContent, the sandbox issuer
 * page, its auto-post return page): tags with their attributes, forms with their fields, and the
 * Content-Security-Policy header. The pages are small and generated, so regular expressions suffice.
 */

export interface Tag {
  name: string;
  /** Only the attributes the tag has: any other name is undefined. */
  attributes: Partial<Record<string, string>>;
  /** Text between the opening and closing tag (elements with a closing tag only). */
  content: string;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
export const decodeEntities = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity) => entities[entity]);

function parseAttributes(source: string): Partial<Record<string, string>> {
  const attributes: Partial<Record<string, string>> = {};
  const pattern = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  for (const match of source.matchAll(pattern)) {
    // An optional group that did not take part is undefined, whatever RegExpMatchArray's element type says.
    const group = (index: number): string | undefined => match[index];
    attributes[match[1].toLowerCase()] = decodeEntities(group(2) ?? group(3) ?? group(4) ?? '');
  }
  return attributes;
}

/** Every `<name …>` tag (void elements: input, meta, …). */
export function voidTags(html: string, name: string): Tag[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map((match) => ({
    name,
    attributes: parseAttributes(match[1]),
    content: '',
  }));
}

/** Every `<name …>…</name>` element (not nested in one of its own kind). */
export function elements(html: string, name: string): Tag[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>([\\s\\S]*?)</${name}\\s*>`, 'gi'))].map((match) => ({
    name,
    attributes: parseAttributes(match[1]),
    content: match[2],
  }));
}

/** Text without tags, entities decoded, whitespace collapsed. */
export const textOf = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();

export interface Form {
  attributes: Partial<Record<string, string>>;
  method: string;
  action: string;
  /** The form's own markup. */
  content: string;
  inputs: Tag[];
  buttons: Tag[];
  /** name → value of every hidden input. */
  hidden: Record<string, string>;
}

export function forms(html: string): Form[] {
  return elements(html, 'form').map((form) => {
    const inputs = voidTags(form.content, 'input');
    const hidden: Record<string, string> = {};
    for (const input of inputs) if (input.attributes.type === 'hidden') hidden[input.attributes.name ?? ''] = input.attributes.value ?? '';
    return {
      attributes: form.attributes,
      method: (form.attributes.method ?? 'get').toLowerCase(),
      action: form.attributes.action ?? '',
      content: form.content,
      inputs,
      buttons: elements(form.content, 'button'),
      hidden,
    };
  });
}

/** The page's only form; fails loudly otherwise. */
export function onlyForm(html: string): Form {
  const found = forms(html);
  if (found.length !== 1) throw new Error(`expected exactly one <form>, found ${found.length} in:\n${html.slice(0, 2000)}`);
  return found[0];
}

/** `Content-Security-Policy` as directive → sources. */
export function parseCsp(header: string | null): Map<string, string[]> {
  const policy = new Map<string, string[]>();
  for (const directive of (header ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}
