/**
 * Which font the caption uses. librsvg draws missing glyphs as boxes, so the caption is only drawn when
 * fontconfig (which sharp's librsvg also uses) lists one of the families we know render well.
 */
import { execFileSync } from 'node:child_process';

const PREFERRED_FAMILIES = ['DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Cantarell', 'FreeSans'];

let cachedFont: string | null | undefined;

export function findCaptionFont(): string | null {
  if (cachedFont !== undefined) return cachedFont;
  let families = '';
  try {
    families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8', timeout: 5000 });
  } catch {
    // No fontconfig tools: assume no usable fonts rather than risk boxes.
  }
  const installed = new Set(families.split(/[\n,]/).map((family) => family.trim()));
  cachedFont = PREFERRED_FAMILIES.find((family) => installed.has(family)) ?? null;
  return cachedFont;
}
