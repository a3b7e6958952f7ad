import { useRef } from 'react';

/** "Add images…": opens the file picker for images and hands over what was chosen, with the file names. */
export function ImageFilesButton({
  onFiles,
  prominent = false,
}: {
  onFiles: (files: { blob: Blob; name: string }[]) => void;
  /** The main action of an empty view, drawn as the primary button. */
  prominent?: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept="image/*"
        aria-label="Image files"
        className="sr-only"
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])].map((file) => ({
            blob: file as Blob,
            name: file.name,
          }));
          event.target.value = '';
          onFiles(files);
        }}
      />
      <button
        type="button"
        onClick={() => inputRef.current?.click()}
        className={
          prominent
            ? 'rounded-md bg-accent px-4 py-1.5 text-[13px] font-semibold text-accent-fg shadow-sm transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none'
            : 'rounded-md border border-line bg-raised px-2.5 py-1 text-[12px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none'
        }
      >
        Add images…
      </button>
    </>
  );
}
