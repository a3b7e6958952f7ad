import { createStrokeTool } from '../strokeTool.ts';

/** Takes paint back off the mask. */
export const eraserTool = createStrokeTool('eraser', 'erase');
