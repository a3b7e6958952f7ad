import { createStrokeTool } from '../strokeTool.ts';

/** Paints the area to edit. */
export const brushTool = createStrokeTool('brush', 'paint');
