import type { Actor } from '../caller.js';
import type { AssessDeps } from './assessSubmission.js';
import { type Preview, previewRequest } from './previewRequest.js';
import { type IntakeRefusal, queuedDraft, refusalOf } from './queuedDraft.js';

export interface IntakePreviewDeps extends AssessDeps {
  senderOf(requestedBy: string): Actor | undefined;
}

/**
 * What-if from the queue: a queued body assessed exactly as its submission would be (the same parsing,
 * sender and `previewRequest`), stored nowhere. Not limited per caller, like queue submissions: a refusal
 * would only burn the message's deliveries, and the intake's concurrency bounds the ARM reads.
 */
export async function intakePreview(
  body: unknown,
  deps: IntakePreviewDeps,
): Promise<{ ok: true; preview: Preview } | { ok: false; refusal: IntakeRefusal }> {
  const queued = queuedDraft(body, deps.senderOf);
  if (!queued.ok) return queued;
  const preview = await previewRequest({ draft: queued.draft, requester: queued.requester }, deps);
  return preview.ok ? { ok: true, preview: preview.value } : { ok: false, refusal: refusalOf(preview.error) };
}
