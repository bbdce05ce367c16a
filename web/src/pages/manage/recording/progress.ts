// The upload's progress as the bar and a screen reader are told it.

/** Whole per cent of total that sent is; 100 only when every byte is sent. */
export function percentOf(sent: number, total: number): number {
  if (total <= 0) return 0;
  if (sent >= total) return 100;
  return Math.min(99, Math.floor((sent / total) * 100));
}

/**
 * What to announce at percent, given the step announced last: a step of
 * 10 % once it is reached, else null, so that a screen reader hears
 * "Uploaded 40%" a few times, not a hundred.
 */
export function announcement(percent: number, lastStep: number | null): { step: number; text: string } | null {
  const step = Math.floor(percent / 10) * 10;
  if (step === lastStep) return null;
  return { step, text: `Uploaded ${step}%.` };
}
