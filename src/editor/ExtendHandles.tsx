/**
 * Outpainting on the mask canvas: a tab outside each edge of the canvas to drag it out by
 * (extendGesture.ts) and, once an extension is pending, the new canvas's outline with its pixel size over
 * a faint wash of the area the model will fill. Updated in place through `showCanvasExtension` while an
 * edge is dragged; React draws it again from the store once it is let go (design.md §4).
 */
import type Konva from 'konva';
import { Group, Rect } from 'react-konva';
import type { ExtendedCanvas } from '../state/outpaint.ts';
import { LabelTab, labelTabBox, labelTabLayout } from './canvasLabel.tsx';
import { CANVAS_EDGES, canvasBoxOf, edgeTab } from './extendGesture.ts';
import type { Size } from './viewport.ts';

function extensionLayout(image: Size, extension: ExtendedCanvas | null, scale: number) {
  const box = canvasBoxOf(image, extension);
  const text = extension ? `Canvas · ${extension.canvas.width} × ${extension.canvas.height}` : '';
  const sized = labelTabBox(text, 0, 0, scale);
  // Under the canvas's bottom-right corner: the region frame's tab has the top-left one.
  const labelBox = {
    ...sized,
    left: box.left + box.width - sized.width,
    top: box.top + box.height + 4 / scale,
  };
  return {
    outline: {
      x: box.left,
      y: box.top,
      width: box.width,
      height: box.height,
      dash: [6 / scale, 4 / scale],
      visible: extension !== null,
    },
    name: labelTabLayout(text, labelBox, scale, extension !== null),
    tabs: CANVAS_EDGES.map((edge) => {
      const tab = edgeTab(box, edge, scale);
      return {
        x: tab.left,
        y: tab.top,
        width: tab.width,
        height: tab.height,
        cornerRadius: Math.min(tab.width, tab.height) / 2,
        strokeWidth: 1 / scale,
      };
    }),
  };
}

export function showCanvasExtension(
  group: Konva.Group,
  image: Size,
  extension: ExtendedCanvas | null,
  scale: number,
): void {
  const layout = extensionLayout(image, extension, scale);
  group.findOne('.outline')?.setAttrs(layout.outline);
  group.findOne('.tab')?.setAttrs(layout.name.tab);
  group.findOne('.label')?.setAttrs(layout.name.label);
  layout.tabs.forEach((tab, index) => group.findOne(`.edge-${CANVAS_EDGES[index]}`)?.setAttrs(tab));
  group.getLayer()?.batchDraw();
}

export function ExtendHandles({
  image,
  extension,
  scale,
  groupRef,
}: {
  image: Size;
  extension: ExtendedCanvas | null;
  scale: number;
  groupRef: { current: Konva.Group | null };
}) {
  const layout = extensionLayout(image, extension, scale);
  return (
    <Group ref={groupRef}>
      <Rect
        name="outline"
        {...layout.outline}
        fill="rgba(255, 255, 255, 0.06)"
        stroke="white"
        strokeWidth={1.5}
        strokeScaleEnabled={false}
        shadowColor="black"
        shadowBlur={2}
        shadowOpacity={0.9}
      />
      <LabelTab layout={layout.name} colour="white" />
      {layout.tabs.map((tab, index) => (
        <Rect
          key={CANVAS_EDGES[index]}
          name={`edge-${CANVAS_EDGES[index]}`}
          {...tab}
          fill="white"
          stroke="rgba(0, 0, 0, 0.7)"
          shadowColor="black"
          shadowBlur={3}
          shadowOpacity={0.6}
        />
      ))}
    </Group>
  );
}
