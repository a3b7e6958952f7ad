/** A bench's own worker: a function of its module, run in the page as a blob module worker. */

/**
 * esbuild (through tsx) wraps named functions and arrows in a `__name` helper; functions handed to
 * page.evaluate or stringified into a worker run where there is none.
 */
export const NAME_SHIM = 'globalThis.__name = (target) => target;';

/**
 * The source of a module worker that runs `body` (which may use nothing from its module's scope and may import
 * the studio's modules by the URLs Vite serves them at), for `new Worker(blobUrl, { type: 'module' })`.
 */
export function moduleWorkerCode(body: () => void): string {
  return `${NAME_SHIM}\n(${body.toString()})();`;
}
