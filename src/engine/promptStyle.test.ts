import { describe, expect, it } from 'vitest';
import { hexToRgb } from './colour.ts';
import { readPromptStyle } from './promptStyle.ts';
import { captionText } from './scene.ts';

describe('readPromptStyle', () => {
  it('reads colours in order, subjects, and colours bound to a subject', () => {
    const style = readPromptStyle('A red sunset over TEAL mountains');
    expect(style.colours[0]).toEqual(hexToRgb('#d7263d'));
    expect(style.colours).toContainEqual(hexToRgb('#17a2a0'));
    expect(style.motifs).toEqual(['orb', 'mountains']);
    expect(style.motifColours).toEqual({ orb: hexToRgb('#d7263d'), mountains: hexToRgb('#17a2a0') });
    expect(style.lunar).toBe(false);
  });

  it('reads the mood and the moon', () => {
    expect(readPromptStyle('moonlit lake on a dark night')).toMatchObject({
      mood: 'dark',
      lunar: true,
      motifs: ['orb', 'waves', 'stars'],
    });
    expect(readPromptStyle('soft pastel morning')).toMatchObject({ mood: 'light', motifs: [] });
    expect(readPromptStyle('a chair')).toMatchObject({ mood: 'neutral', colours: [], motifs: [] });
  });
});

describe('captionText', () => {
  it('collapses whitespace and cuts long prompts at a word with an ellipsis', () => {
    expect(captionText('  a   small\nprompt ', 40)).toBe('a small prompt');
    expect(captionText('a lighthouse on a cliff above a stormy sea at dusk', 30)).toBe(
      'a lighthouse on a cliff above…',
    );
  });
});
