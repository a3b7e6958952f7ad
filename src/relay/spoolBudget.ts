/**
 * What the upload spool may hold (issue 16): the bytes all requests together may write to it, and the
 * uploads one client address may have in flight, so neither a burst of large uploads nor one client's many
 * slow ones can fill the disk or hold every directory. Both limits are the relay's own safety limits, not
 * API rules, and generous: the defaults (config.ts) fit the studio's largest fan-out many times over.
 */
import { apiError, formatBytes, type ApiError } from '../contract/index.ts';

export interface SpoolLimits {
  maxSpoolBytes: number;
  maxUploadsPerClient: number;
}

/** Thrown by a spool writer when the spool is full; carries the answer to give. */
export class SpoolFullError extends Error {
  constructor(readonly apiError: ApiError) {
    super('upload spool full');
  }
}

/** One admitted upload's share of the spool: every byte it writes is charged, all released at its end. */
export interface SpoolTicket {
  /** Charges `bytes` about to be written; throws SpoolFullError when they do not fit. */
  charge(bytes: number): void;
  /**
   * The client has its answer: the upload no longer counts against it, though its files may take a moment
   * more to go (a client that sends its next request on the answer must not find itself over the limit).
   */
  answered(): void;
  /** The request's files are gone: its bytes leave the spool's count. */
  release(): void;
}

export interface SpoolBudget {
  /**
   * Admits one upload from `client` whose body declares `declaredBytes` (null: chunked), or says why not:
   * a client with too many uploads in flight, or a spool without room for the declared body.
   */
  admit(client: string, declaredBytes: number | null): SpoolTicket | ApiError;
  /** Bytes charged and not yet released (tests). */
  readonly spooledBytes: number;
}

const spoolFull = (limit: number) =>
  apiError(
    503,
    `The relay's upload spool is full (${formatBytes(limit)} across uploads in flight); try again when they finish.`,
    { type: 'server_error', code: 'spool_full' },
  );

export function createSpoolBudget({ maxSpoolBytes, maxUploadsPerClient }: SpoolLimits): SpoolBudget {
  let spooled = 0;
  const uploads = new Map<string, number>();

  return {
    get spooledBytes() {
      return spooled;
    },
    admit(client, declaredBytes) {
      const inFlight = uploads.get(client) ?? 0;
      if (inFlight >= maxUploadsPerClient) {
        return apiError(
          429,
          `Too many uploads at once: this relay takes ${maxUploadsPerClient} edit requests in flight from each client. Try again when one finishes.`,
          { type: 'requests', code: 'too_many_uploads' },
        );
      }
      if (declaredBytes !== null && spooled + declaredBytes > maxSpoolBytes) return spoolFull(maxSpoolBytes);
      uploads.set(client, inFlight + 1);
      let charged = 0;
      let counted = true;
      let released = false;
      const answered = () => {
        if (!counted) return;
        counted = false;
        const left = (uploads.get(client) ?? 1) - 1;
        if (left === 0) uploads.delete(client);
        else uploads.set(client, left);
      };
      return {
        charge(bytes) {
          if (spooled + bytes > maxSpoolBytes) throw new SpoolFullError(spoolFull(maxSpoolBytes));
          spooled += bytes;
          charged += bytes;
        },
        answered,
        release() {
          if (released) return;
          released = true;
          answered();
          spooled -= charged;
        },
      };
    },
  };
}
