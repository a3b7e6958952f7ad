/** Whether every word of `search` appears in `text`, in any case; an empty search matches everything. */
export function containsEveryWord(text: string, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const lower = text.toLowerCase();
  return words.every((word) => lower.includes(word));
}
