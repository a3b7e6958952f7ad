/**
 * A small label on a dark tab that names a frame on the mask canvas and its size ("Region sent · W × H",
 * "Canvas · W × H"), the same size at any zoom. Its width is estimated from the text rather than measured,
 * so gestures can hit-test it on every move without laying text out.
 */
import { Rect, Text } from 'react-konva';
import type { PixelBox } from '../state/mask.ts';

const FONT_PX = 11;
const HEIGHT_PX = 18;
/** About a character of the 11 px system font, and the tab's padding on either side. */
const CHARACTER_PX = 6.4;
const PADDING_PX = 6;

/** The tab's box in natural pixels for `text` at `scale`, its top-left corner at (left, top). */
export function labelTabBox(text: string, left: number, top: number, scale: number): PixelBox {
  return {
    left,
    top,
    width: (text.length * CHARACTER_PX + 2 * PADDING_PX) / scale,
    height: HEIGHT_PX / scale,
  };
}

/** The attributes of the tab's two nodes, for React and for redrawing in place alike. */
export function labelTabLayout(text: string, box: PixelBox, scale: number, visible = true) {
  return {
    tab: { x: box.left, y: box.top, width: box.width, height: box.height, cornerRadius: 3 / scale, visible },
    label: {
      x: box.left + PADDING_PX / scale,
      y: box.top + (box.height - FONT_PX / scale) / 2,
      fontSize: FONT_PX / scale,
      text,
      visible,
    },
  };
}

export function LabelTab({ layout, colour }: { layout: ReturnType<typeof labelTabLayout>; colour: string }) {
  return (
    <>
      <Rect name="tab" {...layout.tab} fill="rgba(16, 17, 28, 0.82)" />
      <Text name="label" {...layout.label} fontFamily="system-ui, sans-serif" fill={colour} />
    </>
  );
}
