/** How the gallery names files and states figures: pure, so every rule is checked by a unit test. */
import type { ImportSummary, StorageUse } from '../../storage/studioStorage.ts';
import type { VariantRecord, ImageRecord } from '../../storage/records.ts';
import { FILE_EXTENSION_OF_FORMAT } from '../../contract/index.ts';
import { variantElapsed, type Elapsed } from '../../state/run.ts';

const SLUG_MAX = 48;

/** `A fox, in the snow!` → `a-fox-in-the-snow`: safe on every file system, still recognisable. */
export function promptSlug(prompt: string): string {
  const words = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, SLUG_MAX) ?? 'image');
}

/**
 * Prompt slug plus the start of the variant id (two results of one prompt differ), without an extension (the
 * same image saved in another format takes that format's). A masked edit's own output is told from its
 * composite, which has the same format.
 */
export function imageFileBase(variant: VariantRecord, image: ImageRecord): string {
  const role =
    image.role === 'partial' ? `-partial-${image.sequence}` : image.role === 'raw' ? '-model-output' : '';
  return `${promptSlug(variant.request.prompt)}-${variant.id.slice(0, 8)}${role}`;
}

/** The file name with the extension of the bytes' format. */
export function imageFileName(variant: VariantRecord, image: ImageRecord): string {
  return `${imageFileBase(variant, image)}.${FILE_EXTENSION_OF_FORMAT[image.format]}`;
}

/** `atelier-2025-03-14.zip`, in the designer's own calendar. */
export function exportFileName(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `atelier-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.zip`;
}

const MB = 1000 * 1000;
const GB = 1000 * MB;

/** Storage figures as the browser's own settings page states them (decimal units). */
export function formatStorageAmount(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  return `${Math.max(0, Math.round(bytes / 1000))} KB`;
}

export function describeStorageUse(use: StorageUse): string {
  if (use.usedBytes === null) return 'Storage use unknown in this browser';
  const used = formatStorageAmount(use.usedBytes);
  return use.quotaBytes === null ? `${used} used` : `${used} of ${formatStorageAmount(use.quotaBytes)} used`;
}

export function describeImport(summary: ImportSummary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const added = `Imported ${plural(summary.variants, 'result')} (${plural(summary.images, 'image')})`;
  return summary.skipped > 0 ? `${added}; ${summary.skipped} already here, left as they were.` : `${added}.`;
}

/** The elapsed time the run driver stored for the result; null while it streams (the gallery does not tick). */
export function storedElapsed(variant: VariantRecord): Elapsed | null {
  const { finishedAt } = variant;
  return variant.status === 'streaming' || finishedAt === null ? null : variantElapsed(variant, finishedAt);
}
