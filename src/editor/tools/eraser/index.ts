import { createStrokeTool } from '../strokeTool.ts';

/** Takes paint back off the mask. */
export const createEraserTool = () => createStrokeTool('eraser', 'erase');
