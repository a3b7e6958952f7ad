import { describe, expect, it } from 'vitest';
import { editFormData } from './imageEdit.ts';

const file = (filename: string) => ({ blob: new Blob([filename], { type: 'image/png' }), filename });

describe('editFormData', () => {
  it('sends one image as `image`', () => {
    const form = editFormData({ fields: { prompt: 'p' }, images: [file('a.png')], mask: null });
    expect((form.getAll('image') as File[]).map((entry) => entry.name)).toEqual(['a.png']);
    expect(form.has('image[]')).toBe(false);
    expect(form.has('mask')).toBe(false);
    expect(form.get('stream')).toBe('true');
  });

  it('sends several as `image[]` in board order, with the mask', () => {
    const form = editFormData({
      fields: { prompt: 'p', stream: 'false' },
      images: [file('c.png'), file('a.png'), file('b.png')],
      mask: file('mask.png'),
    });
    expect((form.getAll('image[]') as File[]).map((entry) => entry.name)).toEqual([
      'c.png',
      'a.png',
      'b.png',
    ]);
    expect((form.get('mask') as File).name).toBe('mask.png');
    expect(form.getAll('stream')).toEqual(['true']);
  });
});
