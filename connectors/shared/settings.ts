import { z } from 'zod';

/** A connector setting as the environment gives it: trimmed, and unset when blank. */
export const optionalSetting = z.string().optional().transform((value) => value?.trim() || undefined);

/** Files a problem under the variable at fault; the message names it and the fix, never its value. */
export function reportSetting(ctx: z.RefinementCtx, variable: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [variable], message });
}
