/** What a built index.html makes the browser fetch before the studio runs. */

const TAG = /<(script|link)\b([^>]*)>/gi;
const attribute = (attributes: string, name: string) =>
  new RegExp(`\\b${name}=["']([^"']*)["']`, 'i').exec(attributes)?.[1] ?? null;

/** The module entry and every modulepreload, in document order: all JavaScript of the first load. */
export function initialScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const [, tag, attributes = ''] of html.matchAll(TAG)) {
    const url =
      tag!.toLowerCase() === 'script'
        ? attribute(attributes, 'type') === 'module' && attribute(attributes, 'src')
        : attribute(attributes, 'rel') === 'modulepreload' && attribute(attributes, 'href');
    if (url) scripts.push(url);
  }
  return scripts;
}
