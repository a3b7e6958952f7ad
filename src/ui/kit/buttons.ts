/** Class strings for the studio's buttons, for the places that style a <button> or an <a> as one. */

const plain =
  'rounded-md border border-line bg-raised text-[12.5px] font-medium text-fg transition ' +
  'hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 ' +
  'focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45';

/** A bordered, raised button: in a header or toolbar row. */
export const buttonClass = `${plain} px-3 py-1`;

/** The same, a little taller: a dialog's row of actions. */
export const roomyButtonClass = `${plain} px-3 py-1.5`;
