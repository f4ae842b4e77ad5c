/**
 * Errors as RFC 9457 problem details. Services throw `HttpProblem`s (or its helpers);
 * the server's error handler turns them, and framework errors, into
 * `application/problem+json` responses.
 */
export interface FieldError {
  /** JSON pointer into the request part that was wrong, e.g. `/body/email`. */
  pointer: string;
  message: string;
  code?: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  constructor(
    public readonly status: number,
    /**
     * Stable machine-readable code, e.g. `auth.invalid_credentials`: the key of its French and
     * English message in the server's problem catalogue (`problem-messages.ts`, or the module's
     * manifest) and of the client's own wording. `detail` is only the fallback.
     */
    public readonly code: string,
    detail?: string,
    /**
     * `errors` and any other field are extensions of the body; `headers` go on the response;
     * `params` only fill the placeholders of the code's message (`problem-messages.ts`).
     */
    public readonly extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      params?: Record<string, string | number>;
      [k: string]: unknown;
    } = {},
  ) {
    super(detail ?? TITLES[status] ?? 'Error');
    this.name = 'HttpProblem';
  }

  toBody(instance?: string): ProblemBody {
    const { headers: _headers, params: _params, ...extensions } = this.extra;
    return {
      type: `https://beffroi.org/problems/${this.code.replace(/\./g, '/')}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...extensions,
    };
  }
}

export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new HttpProblem(400, code, detail, errors ? { errors } : {});
export const unauthorized = (detail = 'Authentication required.') => new HttpProblem(401, 'auth.required', detail);
export const forbidden = (detail = 'You do not have permission to do this.') =>
  new HttpProblem(403, 'auth.forbidden', detail);
export const notFound = (what = 'Resource') => new HttpProblem(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, detail: string) => new HttpProblem(409, code, detail);
export const unprocessable = (code: string, detail: string, errors?: FieldError[]) =>
  new HttpProblem(422, code, detail, errors ? { errors } : {});

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}
