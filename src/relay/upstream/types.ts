/** What the relay's routes hand to an upstream once a request has passed validation. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImageRequest, UpstreamKind } from '../../contract/index.ts';
import type { SpooledJsonEdit } from '../jsonEdit.ts';
import type { SpooledForm } from '../multipart.ts';

export interface RelayCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborts the moment the client goes away: an upstream image costs money until it is stopped. */
  signal: AbortSignal;
  request: ImageRequest;
}

export interface Upstream {
  readonly kind: UpstreamKind;
  /** The studio's badge: "Offline engine", "OpenAI", or a gateway's host. */
  readonly label: string;
  readonly host: string | null;
  /** Answers a validated generation; `body` is the client's JSON exactly as it arrived. */
  generate(call: RelayCall, body: Buffer): Promise<void>;
  /** Answers a validated multipart edit whose files are spooled on disk. */
  edit(call: RelayCall, form: SpooledForm): Promise<void>;
  /** Answers a validated JSON edit: its raw body and decoded data-URL images are spooled on disk. */
  editJson(call: RelayCall, edit: SpooledJsonEdit): Promise<void>;
}
