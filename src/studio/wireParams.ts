import type { VariantRecord } from '../storage/records.ts';

/** The wire parameters worth keeping with a record: what was set, as JSON scalars. */
export function wireParams(body: object, prefix = ''): VariantRecord['params'] {
  // Nested fields (the SVG author, `svg.model`) are kept under the dotted names the API's errors use.
  return Object.fromEntries(
    Object.entries(body).flatMap(([name, value]): [string, string | number | boolean][] => {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return [[`${prefix}${name}`, value]];
      }
      return typeof value === 'object' && value !== null
        ? Object.entries(wireParams(value as object, `${prefix}${name}.`))
        : [];
    }),
  );
}
