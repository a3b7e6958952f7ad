/**
 * Every prompt sent is recorded in the library's history the moment its run is sent, without holding the
 * run up; `settled` lets a test (and the studio's own `settled`) wait for the writes.
 */
import type { PromptLibrary } from '../storage/promptLibrary.ts';

export interface PromptRecorder {
  remember: (prompt: string) => void;
  settled: () => Promise<void>;
}

export function createPromptRecorder(
  library: PromptLibrary,
  report: (error: unknown) => void,
): PromptRecorder {
  const writes = new Set<Promise<void>>();
  return {
    remember: (prompt) => {
      const write = library.recordPrompt(prompt).catch(report);
      writes.add(write);
      void write.then(() => writes.delete(write));
    },
    settled: async () => {
      await Promise.all([...writes]);
    },
  };
}
