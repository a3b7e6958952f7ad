/**
 * What a prompt says about the picture: colour words and themes pick the palette, subject words pick the
 * composition, mood words set the light. Words are matched in the order they appear so "red and teal"
 * leads with red.
 */
import { hexToRgb, type Rgb } from './colour.ts';

export const MOTIFS = [
  'orb',
  'mountains',
  'waves',
  'stripes',
  'grid',
  'figure',
  'city',
  'stars',
  'trees',
  'flower',
] as const;
export type Motif = (typeof MOTIFS)[number];

export type Mood = 'dark' | 'light' | 'neutral';

export interface PromptStyle {
  /** Colours named by the prompt, first mention first. */
  colours: Rgb[];
  motifs: Motif[];
  mood: Mood;
  /** Colours the prompt binds to a subject ("teal mountains"): that subject is painted in it. */
  motifColours: Partial<Record<Motif, Rgb>>;
  /** The orb reads as a moon (pale, cratered) rather than a sun. */
  lunar: boolean;
}

const COLOUR_WORDS: Readonly<Record<string, readonly string[]>> = {
  red: ['#d7263d'],
  crimson: ['#b0173a'],
  scarlet: ['#e0301e'],
  orange: ['#f28b30'],
  amber: ['#f5a524'],
  yellow: ['#f7d13d'],
  gold: ['#d4a72c'],
  golden: ['#e0b341'],
  green: ['#3aa655'],
  lime: ['#9bd33c'],
  olive: ['#7a8a3a'],
  mint: ['#8fe3c0'],
  emerald: ['#1f9d6b'],
  teal: ['#17a2a0'],
  turquoise: ['#2ec4c6'],
  cyan: ['#27c6e3'],
  aqua: ['#3fd6d0'],
  blue: ['#2f6fde'],
  azure: ['#3a9bf0'],
  navy: ['#1b2a5c'],
  indigo: ['#3f3597'],
  cobalt: ['#1f4fb5'],
  purple: ['#7b3fb8'],
  violet: ['#8a55d6'],
  lavender: ['#b49be6'],
  lilac: ['#c7a4e0'],
  magenta: ['#d6339c'],
  pink: ['#f27ab0'],
  rose: ['#e8607e'],
  coral: ['#f47c6a'],
  peach: ['#f7b58a'],
  brown: ['#7d5233'],
  beige: ['#d9c4a0'],
  cream: ['#f3e8cf'],
  white: ['#f4f1ea'],
  ivory: ['#f5efdc'],
  silver: ['#b9c0c8'],
  grey: ['#7d848c'],
  gray: ['#7d848c'],
  black: ['#15151b'],
  charcoal: ['#2b2d33'],
  sunset: ['#f57f3d', '#e4447a', '#5b2c83'],
  sunrise: ['#f9c365', '#f08a6c', '#7fb2e5'],
  dawn: ['#f6c1a3', '#c79bd1', '#6d8ccf'],
  dusk: ['#d9735b', '#6a3f8c', '#1f2450'],
  forest: ['#1f5e3b', '#4f8a3c', '#a4c46a'],
  jungle: ['#12553a', '#2e8b47', '#c4d94b'],
  ocean: ['#0b3c6f', '#1f7fb3', '#6fd1d6'],
  sea: ['#114a7a', '#2a8fbf', '#9be0e0'],
  desert: ['#d9a066', '#c0713f', '#f2d7a6'],
  autumn: ['#c4532b', '#e0962f', '#7a3b22'],
  winter: ['#dbe8f2', '#8fb4d6', '#3c5d85'],
  snow: ['#f1f5f9', '#b8cde0', '#6f8fb0'],
  fire: ['#ff5a1f', '#ffb000', '#8a1414'],
  neon: ['#ff2bd6', '#21e6ff', '#7a2bff'],
  cyberpunk: ['#ff2bd6', '#00e5ff', '#1a0f3c'],
  pastel: ['#f6c6d8', '#c6e2f6', '#d8f6c6'],
  candy: ['#ff8fc7', '#8fd7ff', '#fff08f'],
  tropical: ['#ff7a59', '#1fc7a6', '#ffd166'],
  vintage: ['#c9a27e', '#7d9a8c', '#e8d8b8'],
  cosmic: ['#2a1b5e', '#8b2fc9', '#ff7ab8'],
  galaxy: ['#1c1440', '#6c2bb3', '#2fb6d9'],
  spring: ['#b8e07a', '#f7a8c8', '#fff2a8'],
  summer: ['#ffcf4a', '#2ec4c6', '#ff7a59'],
};

const MOTIF_WORDS: Readonly<Record<string, Motif>> = {
  sun: 'orb',
  sunset: 'orb',
  sunrise: 'orb',
  moon: 'orb',
  moonlit: 'orb',
  moonlight: 'orb',
  lunar: 'orb',
  circle: 'orb',
  circles: 'orb',
  orb: 'orb',
  planet: 'orb',
  sphere: 'orb',
  bubble: 'orb',
  eclipse: 'orb',
  mountain: 'mountains',
  mountains: 'mountains',
  landscape: 'mountains',
  hills: 'mountains',
  hill: 'mountains',
  valley: 'mountains',
  peaks: 'mountains',
  desert: 'mountains',
  sea: 'waves',
  ocean: 'waves',
  wave: 'waves',
  waves: 'waves',
  water: 'waves',
  lake: 'waves',
  river: 'waves',
  beach: 'waves',
  stripes: 'stripes',
  striped: 'stripes',
  lines: 'stripes',
  stripe: 'stripes',
  grid: 'grid',
  tiles: 'grid',
  pattern: 'grid',
  mosaic: 'grid',
  checker: 'grid',
  checkered: 'grid',
  portrait: 'figure',
  person: 'figure',
  figure: 'figure',
  woman: 'figure',
  man: 'figure',
  face: 'figure',
  character: 'figure',
  girl: 'figure',
  boy: 'figure',
  people: 'figure',
  city: 'city',
  skyline: 'city',
  building: 'city',
  buildings: 'city',
  urban: 'city',
  street: 'city',
  tower: 'city',
  star: 'stars',
  stars: 'stars',
  starry: 'stars',
  night: 'stars',
  space: 'stars',
  galaxy: 'stars',
  cosmic: 'stars',
  forest: 'trees',
  tree: 'trees',
  trees: 'trees',
  woods: 'trees',
  jungle: 'trees',
  pine: 'trees',
  flower: 'flower',
  flowers: 'flower',
  bloom: 'flower',
  blossom: 'flower',
  petal: 'flower',
  petals: 'flower',
  rose: 'flower',
  garden: 'flower',
};

const DARK_WORDS = new Set([
  'night',
  'dark',
  'midnight',
  'noir',
  'moody',
  'shadow',
  'space',
  'galaxy',
  'cosmic',
]);
const LIGHT_WORDS = new Set([
  'light',
  'bright',
  'pastel',
  'soft',
  'morning',
  'airy',
  'snow',
  'minimal',
  'white',
]);
const LUNAR_WORDS = new Set(['moon', 'lunar', 'moonlight', 'moonlit']);

export function readPromptStyle(prompt: string): PromptStyle {
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  const colours: Rgb[] = [];
  const motifs: Motif[] = [];
  const motifColours: Partial<Record<Motif, Rgb>> = {};
  let dark = 0;
  let light = 0;
  for (const [index, word] of words.entries()) {
    const named = (COLOUR_WORDS[word] ?? []).map(hexToRgb);
    colours.push(...named);
    const motif = MOTIF_WORDS[word];
    if (motif && !motifs.includes(motif)) motifs.push(motif);
    const nextMotif = MOTIF_WORDS[words[index + 1] ?? ''];
    if (named.length === 1 && nextMotif) motifColours[nextMotif] ??= named[0]!;
    if (DARK_WORDS.has(word)) dark++;
    if (LIGHT_WORDS.has(word)) light++;
  }
  const mood: Mood = dark > light ? 'dark' : light > dark ? 'light' : 'neutral';
  return { colours, motifs, motifColours, mood, lunar: words.some((word) => LUNAR_WORDS.has(word)) };
}
