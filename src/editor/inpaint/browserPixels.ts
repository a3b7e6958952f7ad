import { createInpaintWork } from './inpaintClient.ts';
import { maskSnapshot } from './maskSnapshot.ts';
import type { EditPixels } from './work.ts';

/** The browser's pixel work for edits: the worker's jobs, and the mask snapshot taken on the page. */
export function createBrowserEditPixels(): EditPixels {
  return { ...createInpaintWork(), snapshotMask: maskSnapshot };
}
