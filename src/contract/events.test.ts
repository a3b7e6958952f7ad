import { describe, expect, it } from 'vitest';
import { FILE_EXTENSION_OF_FORMAT, MIME_TYPE_OF_FORMAT, OUTPUT_FORMATS, formatOfMimeType } from './index.ts';

describe('output formats', () => {
  it.each(OUTPUT_FORMATS)('%s reads back from its MIME type and has a file extension', (format) => {
    expect(formatOfMimeType(MIME_TYPE_OF_FORMAT[format])).toBe(format);
    expect(FILE_EXTENSION_OF_FORMAT[format]).toMatch(/^[a-z]+$/);
  });

  it('names no format for a type the API does not produce', () => {
    expect(formatOfMimeType('image/bmp')).toBeNull();
    expect(formatOfMimeType('')).toBeNull();
  });
});
