/**
 * Problem details (RFC 9457) as every route answers an error (`problem.ts`, `server.ts`), in zod:
 * the web reads its errors through these types. Pure: zod only, so that web code may import its
 * types (`import type`) without reaching server code.
 */
import { z } from 'zod';

/** One field at fault: a JSON pointer into the request part (`/body/email`), its message in the request's language, the zod issue code. */
export const fieldProblemSchema = z.object({
  pointer: z.string(),
  message: z.string(),
  code: z.string().optional(),
});

export const problemDetailsSchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int(),
  /** In the request's language (`Accept-Language`), from the server's catalogue keyed by `code`. */
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Stable machine-readable code, e.g. `auth.invalid_credentials`, `file.too_large`. */
  code: z.string().optional(),
  errors: z.array(fieldProblemSchema).optional(),
  /** Extensions some problems carry: the limit passed (`file.*`), the line at fault (tables), the events named (`audit.*`). */
  limit: z.number().optional(),
  line: z.number().int().optional(),
  eventId: z.number().int().optional(),
  checkpointId: z.number().int().optional(),
});

export type FieldProblem = z.infer<typeof fieldProblemSchema>;
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;
