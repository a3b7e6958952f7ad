import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { StorageUse } from '../../storage/studioStorage.ts';
import { useStudio } from '../../studio/index.ts';
import { buttonClass } from '../kit/buttons.ts';
import { describeImport, describeStorageUse, exportFileName } from './galleryFormat.ts';
import { downloadBlob } from '../kit/download.ts';

type Outcome = { ok: boolean; text: string } | null;

/** Storage use, re-read whenever the number of stored results changes. */
function StorageMeter({ resultCount }: { resultCount: number }) {
  const studio = useStudio();
  const [use, setUse] = useState<StorageUse | null>(null);
  const [asked, setAsked] = useState<Outcome>(null);

  useEffect(() => {
    let current = true;
    void studio.storageUse().then((next) => current && setUse(next));
    return () => {
      current = false;
    };
  }, [studio, resultCount]);

  const keep = async () => {
    const persisted = await studio.keepStorage();
    setUse(await studio.storageUse());
    setAsked(
      persisted
        ? { ok: true, text: 'The browser will keep your images.' }
        : {
            ok: false,
            text: 'The browser said no for now; it may agree once the studio is installed or bookmarked.',
          },
    );
  };

  if (!use) return null;
  return (
    <div role="group" aria-label="Storage" className="flex items-center gap-3 text-[12px] text-fg-muted">
      <span className="tabular-nums">{describeStorageUse(use)}</span>
      <span aria-hidden>·</span>
      {use.persisted ? (
        <span className="text-ok">Kept by the browser</span>
      ) : (
        <>
          <span title="The browser may clear it when the disk runs low">Not persistent</span>
          <button type="button" onClick={() => void keep()} className={buttonClass}>
            Keep my images
          </button>
        </>
      )}
      {asked && !asked.ok && <span role="status">{asked.text}</span>}
    </div>
  );
}

/**
 * The gallery's title bar: storage use, export and import, and `selectionActions` for views built
 * elsewhere that act on the ticked results (compare).
 */
export function GalleryHeader(props: {
  resultCount: number;
  /** The first results are listed and the rest are still being read. */
  countingOn?: boolean;
  selectedIds: string[];
  selectionActions?: ReactNode;
}) {
  const studio = useStudio();
  const { setOpen, setSelected } = studio.store.getState().gallery;
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const selected = props.selectedIds.length;

  const exportZip = async (ids?: string[]) => {
    setBusy('export');
    setOutcome(null);
    try {
      downloadBlob(await studio.exportResults(ids), exportFileName(new Date()));
    } catch (error) {
      setOutcome({
        ok: false,
        text: `Export failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      setBusy(null);
    }
  };

  const importZip = async (file: File) => {
    setBusy('import');
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: describeImport(await studio.importResults(file)) });
    } catch (error) {
      setOutcome({
        ok: false,
        text: `'${file.name}' was not imported: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <header className="flex shrink-0 flex-col gap-2 border-b border-line bg-panel px-6 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-[15px] font-semibold text-fg">Gallery</h2>
        <span className="text-[12px] text-fg-faint tabular-nums">
          {props.countingOn
            ? `${props.resultCount}+ results`
            : props.resultCount === 1
              ? '1 result'
              : `${props.resultCount} results`}
        </span>
        <StorageMeter resultCount={props.resultCount} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {selected > 0 && (
            <>
              <span className="text-[12px] text-fg-muted tabular-nums">{selected} selected</span>
              <button type="button" onClick={() => setSelected([])} className={buttonClass}>
                Clear selection
              </button>
              {props.selectionActions}
            </>
          )}
          <button
            type="button"
            disabled={selected === 0 || busy !== null}
            onClick={() => void exportZip(props.selectedIds)}
            className={buttonClass}
          >
            Export selected
          </button>
          <button
            type="button"
            disabled={props.resultCount === 0 || busy !== null}
            onClick={() => void exportZip()}
            className={buttonClass}
          >
            {busy === 'export' ? 'Exporting…' : 'Export all'}
          </button>
          <button
            type="button"
            disabled={busy !== null}
            onClick={() => fileInput.current?.click()}
            className={buttonClass}
          >
            {busy === 'import' ? 'Importing…' : 'Import…'}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".zip,application/zip"
            aria-label="Import a ZIP"
            className="hidden"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void importZip(file);
            }}
          />
          <button type="button" onClick={() => setOpen(false)} className={buttonClass}>
            Back to studio
          </button>
        </div>
      </div>
      {outcome && (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          className={`text-[12px] ${outcome.ok ? 'text-ok' : 'text-danger'}`}
        >
          {outcome.text}
        </p>
      )}
    </header>
  );
}
