import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { CompletedImageEvent } from '../contract/index.ts';
import { findCaptionFont } from './fonts.ts';
import { alphaShares, bytesOf, generate, meanDifference, pixelsOf } from './testing/engineHarness.ts';

describe('transparent backgrounds', () => {
  it.each([
    { model: 'gpt-image-2', output_format: 'png' },
    { model: 'gpt-image-2.5-flare', output_format: 'webp' },
    { model: 'gpt-image-2.5-sunburst-2026-09-08', output_format: 'png' },
    { model: 'gpt-image-2.6-flare', output_format: 'webp' },
    { model: 'gpt-image-2.6-sunburst', output_format: 'png' },
  ])('cuts the subject out on real alpha with $model as $output_format', async (body) => {
    const [event] = await generate({ ...body, background: 'transparent', quality: 'high' });
    expect(event!.background).toBe('transparent');
    expect((await sharp(bytesOf(event!)).metadata()).hasAlpha).toBe(true);
    const pixels = await pixelsOf(event!, { alpha: true });
    const { clear, solid, partial } = alphaShares(pixels);
    // The sky is gone, the sun and the mountains are solid, and only their anti-aliased edges are between.
    expect(clear).toBeGreaterThan(0.2);
    expect(solid).toBeGreaterThan(0.3);
    expect(partial).toBeLessThan(0.02);
    const topRows = { ...pixels, data: pixels.data.subarray(0, pixels.width * 4 * 64) };
    expect(alphaShares(topRows).clear).toBeGreaterThan(0.9);
  });
});

describe('animated GIF', () => {
  const GIF = { model: 'gpt-image-2.6-flare', size: '1024x640', quality: 'low', output_format: 'gif' };

  it('makes 9 frames of 200 ms by default that loop forever, each a step of the scene moving', async () => {
    const [event] = await generate(GIF);
    expect(event).toMatchObject({
      type: 'image_generation.completed',
      output_format: 'gif',
      size: '1024x640',
    });
    const metadata = await sharp(bytesOf(event!), { animated: true }).metadata();
    expect(metadata).toMatchObject({ format: 'gif', width: 1024, pageHeight: 640, pages: 9, loop: 0 });
    expect(metadata.delay).toEqual(Array(9).fill(200));
    const frames = await Promise.all(
      Array.from({ length: 9 }, async (_, page) => (await pixelsOf(event!, { page })).data),
    );
    for (let page = 1; page < 9; page++) {
      expect(meanDifference(frames[page - 1]!, frames[page]!)).toBeGreaterThan(0.5);
    }
    expect(meanDifference(frames[0]!, frames[4]!)).toBeGreaterThan(3);
    // The first frame is the still picture, give or take the GIF palette.
    const [still] = await generate({ ...GIF, output_format: 'png' });
    expect(meanDifference(frames[0]!, (await pixelsOf(still!)).data)).toBeLessThan(3);
  });

  it.each([
    { frame_duration_ms: 124, delay: 120 },
    { frame_duration_ms: 125, delay: 130 },
    { frame_duration_ms: 20, delay: 20 },
    // Beyond the 65,535 ms sharp writes, up to the API's cap.
    { frame_duration_ms: 100_004, delay: 100_000 },
    { frame_duration_ms: 655_350, delay: 655_350 },
  ])('shows each frame $frame_duration_ms ms rounded to $delay ms', async ({ frame_duration_ms, delay }) => {
    const [event] = await generate({ ...GIF, frame_count: 2, frame_duration_ms });
    const metadata = await sharp(bytesOf(event!), { animated: true }).metadata();
    expect(metadata.pages).toBe(2);
    expect(metadata.delay).toEqual([delay, delay]);
  });

  it('carries 1-bit transparency when the background is transparent', async () => {
    const [event] = await generate({ ...GIF, frame_count: 3, background: 'transparent' });
    expect(event!.background).toBe('transparent');
    for (const page of [0, 1, 2]) {
      const { clear, solid, partial } = alphaShares(await pixelsOf(event!, { alpha: true, page }));
      expect(partial).toBe(0);
      expect(clear).toBeGreaterThan(0.2);
      expect(solid).toBeGreaterThan(0.2);
    }
  });

  it('is opaque otherwise, and counts every frame in the usage', async () => {
    const [gif] = await generate({ ...GIF, frame_count: 4 });
    expect(alphaShares(await pixelsOf(gif!, { alpha: true })).solid).toBe(1);
    const [png] = await generate({ ...GIF, output_format: 'png' });
    const frameTokens = (png as CompletedImageEvent).usage.output_tokens;
    expect((gif as CompletedImageEvent).usage.output_tokens).toBe(frameTokens * 4);
  });
});

describe('SVG', () => {
  const SVG = {
    model: 'gpt-image-2.6-sunburst',
    prompt: 'A red sunset over teal mountains',
    size: '1536x1024',
    quality: 'high',
    output_format: 'svg',
    svg: { model: 'gpt-5.6-terra' },
  };
  const svgText = async (body: Record<string, unknown> = {}) => {
    const [event] = await generate({ ...SVG, ...body });
    expect(event).toMatchObject({ output_format: 'svg', size: '1536x1024' });
    return { event: event!, text: bytesOf(event!).toString('utf8') };
  };

  it('is a standalone vector drawing of the scene at the requested size, with the caption as text', async () => {
    const { text } = await svgText();
    expect(text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1536" height="1024" viewBox="0 0 1536 1024"/,
    );
    expect(text.endsWith('</svg>')).toBe(true);
    expect((text.match(/<(path|circle|ellipse|rect)\b/g) ?? []).length).toBeGreaterThan(20);
    expect(text).not.toMatch(/<image\b|data:image/);
    if (findCaptionFont()) expect(text).toMatch(/<text [^>]*>A red sunset over teal mountains<\/text>/);
    // Opaque: the first thing drawn covers the canvas.
    expect(text).toMatch(/^[^]*?<\/defs><rect width="1536" height="1024" fill="url\(#sky\d+\)"\/>/);
  });

  it('parses and renders back (librsvg refuses malformed XML) to the same picture as the PNG', async () => {
    const { event } = await svgText();
    const rendered = sharp(bytesOf(event));
    expect(await rendered.metadata()).toMatchObject({ format: 'svg', width: 1536, height: 1024 });
    const [png] = await generate({ ...SVG, output_format: 'png', svg: undefined });
    const vector = await pixelsOf(await rendered.png().toBuffer());
    expect(meanDifference(vector.data, (await pixelsOf(png!)).data)).toBeLessThan(0.5);
  });

  it('leaves the background out when transparent', async () => {
    const { event, text } = await svgText({ background: 'transparent' });
    expect(event.background).toBe('transparent');
    expect(text).not.toMatch(/<rect width="1536" height="1024" fill="url\(#sky/);
    const { clear, solid } = alphaShares(
      await pixelsOf(await sharp(bytesOf(event)).png().toBuffer(), { alpha: true }),
    );
    expect(clear).toBeGreaterThan(0.2);
    expect(solid).toBeGreaterThan(0.3);
  });
});
