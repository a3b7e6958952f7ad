/**
 * The studio's one modal dialog, on the native <dialog>: showModal() traps focus, gives it back on close
 * and stacks a second modal (compare, opened from history) above the first. It is open while mounted.
 */
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { IconButton } from './IconButton.tsx';
import { CloseIcon } from './icons.tsx';

const FILLS_WINDOW =
  'h-[calc(100dvh-3rem)] max-h-none w-[calc(100vw-3rem)] max-w-none flex-col overflow-hidden open:flex';

export function Dialog(props: {
  /** The dialog's accessible name, and the heading of its title bar. */
  title: string;
  onClose: () => void;
  /**
   * A bar across the top with the title, `toolbar` and a close button (the default); without it the
   * content brings its own heading and way out.
   */
  titleBar?: boolean;
  /** Controls beside the title. */
  toolbar?: ReactNode;
  /** Every key pressed in the dialog is the dialog's: nothing behind it acts on one, not only on Escape. */
  ownsKeys?: boolean;
  /** A click on the backdrop closes it. */
  closeOnBackdrop?: boolean;
  /**
   * While true, Escape leaves it open: a view inside holds work that Escape would lose (unapplied touch-up
   * strokes) and has its own ways out. A close the browser forces anyway reopens it.
   */
  holdOpen?: boolean;
  /** Room around the content, for a dialog without a title bar that lays out only text and buttons. */
  padded?: boolean;
  /** All of the window but a margin, the content laid out as a column (compare, history). */
  fillsWindow?: boolean;
  /** The box's size and layout, when it does not fill the window. */
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const titleBar = props.titleBar ?? true;
  // Before any child's effect, so a child that moves focus (history's selected row) is not overruled by
  // showModal() focusing the first button.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={titleBar ? undefined : props.title}
      aria-labelledby={titleBar ? titleId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.holdOpen) props.onClose();
      }}
      // Chromium closes a dialog without a cancel event when Escape comes twice with no user activation in
      // between (https://html.spec.whatwg.org/multipage/interaction.html#close-requests); the view must
      // still hear of it. A dialog closed by its own unmounting, or reopened since, is left alone.
      onClose={() => {
        const dialog = ref.current;
        if (!dialog || dialog.open) return;
        if (props.holdOpen) dialog.showModal();
        else props.onClose();
      }}
      // The studio cancels a running stream on Escape; here Escape only closes the dialog.
      onKeyDown={(event) => {
        if (props.ownsKeys || event.key === 'Escape') event.stopPropagation();
      }}
      onClick={(event) => {
        if (props.closeOnBackdrop && event.target === event.currentTarget) props.onClose();
      }}
      className={`fixed inset-0 m-auto rounded-xl border border-line-strong bg-panel text-fg shadow-2xl shadow-black/60 backdrop:bg-black/65 ${props.padded ? 'p-5' : 'p-0'} ${props.fillsWindow ? FILLS_WINDOW : (props.className ?? '')}`}
    >
      {titleBar && (
        <header className="flex shrink-0 items-center gap-4 border-b border-line px-5 py-3">
          <h2 id={titleId} className="text-[14px] font-semibold">
            {props.title}
          </h2>
          <div className="flex flex-1 items-center gap-3">{props.toolbar}</div>
          <IconButton label={`Close ${props.title.toLowerCase()}`} onClick={props.onClose}>
            <CloseIcon />
          </IconButton>
        </header>
      )}
      {props.children}
    </dialog>
  );
}
