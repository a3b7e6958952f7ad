/**
 * Beside a lossless result's own download (a composite is PNG, so nothing the source had is lost): the same
 * image as JPEG or WebP, encoded in the browser when asked for.
 */
import { useState } from 'react';
import { FILE_EXTENSION_OF_FORMAT } from '../../contract/index.ts';
import { LOSSY_FORMATS, LOSSY_QUALITY, downloadBlob, reencodeImage, type LossyFormat } from './download.ts';
import { FORMAT_LABELS } from './format.ts';

export function LossyDownloads(props: {
  /** The lossless bytes (read when a format is asked for). */
  load: () => Promise<Blob>;
  /** The file name without its extension. */
  baseName: string;
  /** Each button's accessible name, e.g. "Download JPEG". */
  nameOf: (format: LossyFormat) => string;
  className?: string;
}) {
  const [making, setMaking] = useState<LossyFormat | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const save = async (format: LossyFormat) => {
    if (making) return;
    setMaking(format);
    setFailure(null);
    try {
      const blob = await reencodeImage(await props.load(), format);
      downloadBlob(blob, `${props.baseName}.${FILE_EXTENSION_OF_FORMAT[format]}`);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setMaking(null);
    }
  };
  return (
    <div className={props.className ?? 'flex flex-col gap-1'}>
      <div className="flex items-center gap-1 text-[12px]">
        <span aria-hidden className="pr-0.5 text-fg-faint">
          Also as
        </span>
        {LOSSY_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            aria-label={props.nameOf(format)}
            // Not disabled while one is made: the focus stays where the designer left it.
            aria-disabled={making !== null || undefined}
            title={`${props.nameOf(format)}: made from the PNG in the browser, quality ${Math.round(LOSSY_QUALITY * 100)}%`}
            onClick={() => void save(format)}
            className="rounded-md border border-line bg-raised px-2 py-0.5 font-medium text-fg-muted transition hover:border-line-strong hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none aria-disabled:cursor-progress aria-disabled:opacity-60"
          >
            {FORMAT_LABELS[format]}
          </button>
        ))}
      </div>
      {failure && (
        <p role="alert" className="text-[11px] leading-snug text-danger">
          {failure}
        </p>
      )}
    </div>
  );
}
