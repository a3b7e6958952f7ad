/**
 * The errors the storage layer throws. Their messages are written for designers, so the UI can show
 * them as they are.
 */

/** A read or write that failed for a reason other than a full disk. */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** A write refused because the browser's storage quota (or the disk) is full. Nothing stored was lost. */
export class StorageFullError extends StorageError {
  override name = 'StorageFullError';
}

/** A file given to import that is not an Atelier export, or one whose contents were damaged. */
export class InvalidExportError extends StorageError {
  override name = 'InvalidExportError';
}

interface ErrorChain {
  name?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

// Firefox before 2021 named a full quota NS_ERROR_DOM_QUOTA_REACHED; everyone else uses QuotaExceededError.
const QUOTA_ERROR_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/**
 * Whether an error came from a full quota. Dexie wraps the browser's error: a transaction aborted by
 * the quota rejects with an AbortError whose `inner` is the QuotaExceededError, and bulk writes report
 * theirs in `failures`.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const chain = error as ErrorChain;
  if (typeof chain.name === 'string' && QUOTA_ERROR_NAMES.has(chain.name)) return true;
  const failures = Array.isArray(chain.failures)
    ? chain.failures
    : typeof chain.failures === 'object' && chain.failures !== null
      ? Object.values(chain.failures)
      : [];
  return [chain.inner, chain.cause, ...failures].some((nested) => isQuotaError(nested, depth + 1));
}

export type StorageAction = 'save' | 'read' | 'delete';

const PAST_TENSE: Readonly<Record<StorageAction, string>> = {
  save: 'saved',
  read: 'read',
  delete: 'deleted',
};

/** Runs a storage operation, turning whatever it throws into a StorageError naming `what` and `action`. */
export async function guarded<T>(
  what: string,
  action: StorageAction,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStorageError(error, what, action);
  }
}

/** Turns whatever a failed operation threw into a StorageFullError or a StorageError. */
export function toStorageError(error: unknown, what: string, action: StorageAction): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageFullError(
      `The browser's storage for Atelier is full: ${what} was not ${PAST_TENSE[action]}. ` +
        'Delete generations you no longer need or export them to a ZIP, then try again. ' +
        'Everything saved before is still there.',
      { cause: error },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(`Atelier could not ${action} ${what} in the browser's storage: ${reason}`, {
    cause: error,
  });
}
