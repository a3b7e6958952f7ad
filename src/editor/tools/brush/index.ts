import { createStrokeTool } from '../strokeTool.ts';

/** Paints the area to edit. */
export const createBrushTool = () => createStrokeTool('brush', 'paint');
