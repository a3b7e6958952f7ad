/**
 * The strictness policy's cases (openai-images-2026-12.md, "What Atelier builds to"), shared by the
 * contract's table test and the relay's end-to-end one: per model family, what the relay in front of
 * OpenAI does (refuse only what the API is known to refuse, pass the rest with a caveat) and what the
 * offline engine does (refuse every rule it knows).
 */
import type { ModelFamily } from '../models.ts';

export type Outcome = 'pass' | 'caveat' | 'refuse';
export type StrictnessFamily = Extract<ModelFamily, 'gpt-image-2' | 'gpt-image-2.5' | 'gpt-image-2.6'>;
/** Per family: [in front of OpenAI, offline engine]. */
export type Expected = Record<StrictnessFamily, [Outcome, Outcome]>;

const all = (api: Outcome, engine: Outcome = api): Expected => ({
  'gpt-image-2': [api, engine],
  'gpt-image-2.5': [api, engine],
  'gpt-image-2.6': [api, engine],
});

export interface StrictnessCase {
  name: string;
  kind?: 'generation' | 'edit';
  fields: Record<string, unknown>;
  param: string;
  expected: Expected;
}

export const STRICTNESS_CASES: StrictnessCase[] = [
  {
    name: 'quality xhigh',
    fields: { quality: 'xhigh' },
    param: 'quality',
    expected: { ...all('pass'), 'gpt-image-2': ['refuse', 'refuse'] },
  },
  {
    name: 'quality max',
    fields: { quality: 'max' },
    param: 'quality',
    expected: { ...all('pass'), 'gpt-image-2': ['refuse', 'refuse'] },
  },
  { name: 'quality ultra', fields: { quality: 'ultra' }, param: 'quality', expected: all('refuse') },
  {
    name: 'transparent PNG',
    fields: { background: 'transparent', output_format: 'png' },
    param: 'background',
    expected: { ...all('pass'), 'gpt-image-2': ['caveat', 'caveat'] },
  },
  {
    name: 'transparent JPEG',
    fields: { background: 'transparent', output_format: 'jpeg' },
    param: 'background',
    expected: all('refuse'),
  },
  {
    name: 'input_fidelity on an edit',
    kind: 'edit',
    fields: { input_fidelity: 'high' },
    param: 'input_fidelity',
    expected: all('caveat'),
  },
  {
    name: 'GIF output',
    fields: { output_format: 'gif' },
    param: 'output_format',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['pass', 'pass'] },
  },
  {
    name: 'SVG output',
    fields: { output_format: 'svg', svg: { model: 'gpt-5.6-terra' } },
    param: 'output_format',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['pass', 'pass'] },
  },
  {
    name: 'streamed GIF',
    fields: { output_format: 'gif', stream: true },
    param: 'stream',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['refuse', 'refuse'] },
  },
  {
    name: 'GIF with partial images',
    fields: { output_format: 'gif', partial_images: 2 },
    param: 'partial_images',
    expected: all('refuse'),
  },
  {
    name: 'GIF with compression',
    fields: { output_format: 'gif', output_compression: 60 },
    param: 'output_compression',
    expected: all('refuse'),
  },
  {
    name: 'GIF of 17 frames',
    fields: { output_format: 'gif', frame_count: 17 },
    param: 'frame_count',
    expected: all('refuse'),
  },
  {
    name: 'GIF of 1 frame',
    fields: { output_format: 'gif', frame_count: 1 },
    param: 'frame_count',
    expected: all('refuse'),
  },
  {
    name: 'GIF of 8 frames at 120 ms',
    fields: { output_format: 'gif', frame_count: 8, frame_duration_ms: 120 },
    param: 'frame_count',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['pass', 'pass'] },
  },
  {
    name: 'GIF frames of 10 ms',
    fields: { output_format: 'gif', frame_duration_ms: 10 },
    param: 'frame_duration_ms',
    expected: all('refuse'),
  },
  {
    name: 'frame_count without GIF',
    fields: { frame_count: 4 },
    param: 'frame_count',
    expected: all('refuse'),
  },
  {
    name: 'SVG without svg.model',
    fields: { output_format: 'svg' },
    param: 'svg.model',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['caveat', 'refuse'] },
  },
  {
    name: 'SVG with n 2',
    fields: { output_format: 'svg', svg: { model: 'gpt-5.6-terra' }, n: 2 },
    param: 'n',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['caveat', 'refuse'] },
  },
  {
    name: 'SVG from an edit',
    kind: 'edit',
    fields: { output_format: 'svg' },
    param: 'output_format',
    expected: all('refuse'),
  },
  {
    name: 'complexity low',
    fields: { complexity: 'low' },
    param: 'complexity',
    expected: { ...all('caveat', 'refuse'), 'gpt-image-2.6': ['pass', 'pass'] },
  },
  {
    name: 'complexity extreme',
    fields: { complexity: 'extreme' },
    param: 'complexity',
    expected: all('refuse'),
  },
  {
    name: 'size off the 16 grid',
    fields: { size: '1000x1000' },
    param: 'size',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['caveat', 'refuse'] },
  },
  {
    name: 'size under the reported minimum',
    fields: { size: '1024x512' },
    param: 'size',
    expected: all('caveat', 'refuse'),
  },
  {
    name: 'size over the edge',
    fields: { size: '4096x2048' },
    param: 'size',
    expected: { ...all('refuse'), 'gpt-image-2.6': ['caveat', 'refuse'] },
  },
  { name: 'n 11', fields: { n: 11 }, param: 'n', expected: all('refuse') },
  {
    name: 'safety_identifier',
    fields: { safety_identifier: 'user-7f3a9c' },
    param: 'safety_identifier',
    expected: all('pass'),
  },
  // The API refuses the field itself on its GPT image models, whatever its value (rules.ts says why).
  {
    name: 'response_format url',
    fields: { response_format: 'url' },
    param: 'response_format',
    expected: all('refuse'),
  },
  {
    name: 'response_format b64_json',
    fields: { response_format: 'b64_json' },
    param: 'response_format',
    expected: all('refuse'),
  },
  {
    name: 'PNG compressed to 80',
    fields: { output_compression: 80 },
    param: 'output_compression',
    expected: all('caveat', 'refuse'),
  },
];
