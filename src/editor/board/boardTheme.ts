/** The studio palette (studio.css), read once so the canvas matches the DOM around it. */
export interface BoardTheme {
  raised: string;
  active: string;
  canvas: string;
  line: string;
  lineStrong: string;
  fg: string;
  fgMuted: string;
  accent: string;
  accentFg: string;
  danger: string;
  font: string;
}

export function readBoardTheme(element: HTMLElement): BoardTheme {
  const style = getComputedStyle(element);
  const colour = (name: string) => style.getPropertyValue(`--color-${name}`).trim();
  return {
    raised: colour('raised'),
    active: colour('active'),
    canvas: colour('canvas'),
    line: colour('line'),
    lineStrong: colour('line-strong'),
    fg: colour('fg'),
    fgMuted: colour('fg-muted'),
    accent: colour('accent'),
    accentFg: colour('accent-fg'),
    danger: colour('danger'),
    font: style.fontFamily,
  };
}
