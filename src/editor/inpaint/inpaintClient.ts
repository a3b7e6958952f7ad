/** The main thread's side of the inpainting worker: one worker, started on first use, jobs matched by id. */
import type { Size } from '../viewport.ts';
import type {
  CompositeJob,
  CompositeOutcome,
  ExtendJob,
  InpaintWork,
  PrepareJob,
  PreparedEdit,
  TouchUpJob,
  TouchedUp,
  WorkAnswer,
  WorkRequest,
} from './work.ts';

/** A request without its id, for each kind of job. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { resolve: (output: unknown) => void; reject: (error: Error) => void };

export function createInpaintWork(): InpaintWork {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string) => {
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
    worker?.terminate();
    worker = null;
  };

  const started = (): Worker => {
    if (worker) return worker;
    const own = new Worker(new URL('./inpaintWorker.ts', import.meta.url), { type: 'module' });
    own.onmessage = ({ data }: MessageEvent<WorkAnswer>) => {
      const job = pending.get(data.id);
      if (!job) return;
      pending.delete(data.id);
      if (data.ok) job.resolve(data.output);
      else job.reject(new Error(data.message));
    };
    // A worker that cannot load (offline after an update) or dies (out of memory) fails what it held; the
    // next job starts a fresh one.
    own.onerror = (event) => {
      event.preventDefault();
      failAll(event.message || 'the image worker stopped');
    };
    worker = own;
    return own;
  };

  const run = <T>(request: Unnumbered<WorkRequest>, transfer: Transferable[] = []): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (output: unknown) => void, reject });
      started().postMessage({ ...request, id }, transfer);
    });

  return {
    prepare: (input: PrepareJob) =>
      run<PreparedEdit>({ job: 'prepare', input }, input.mask ? [input.mask] : []),
    fitForSending: (image: Blob, natural: Size) =>
      run<Blob>({ job: 'fitForSending', input: { image, natural } }),
    composite: (input: CompositeJob) => run<CompositeOutcome>({ job: 'composite', input }),
    extend: (input: ExtendJob) => run<Blob>({ job: 'extend', input }),
    touchUp: (input: TouchUpJob) => run<TouchedUp>({ job: 'touchUp', input }),
    release: (key: string) => run<undefined>({ job: 'release', input: { key } }).then(() => undefined),
  };
}
