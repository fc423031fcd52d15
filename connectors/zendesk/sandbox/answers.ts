import type { VendorAnswer } from '../../sandbox-kit/index.js';

// Zendesk's own error bodies. Most are `{ error: "<Code>", description }`; parameter errors on list endpoints
// come as `{ error: { title, message } }`; search errors use the codes "invalid" / "unavailable".

/** 401: missing or wrong credentials. */
export function unauthorized(): VendorAnswer {
  return { status: 401, body: { error: "Couldn't authenticate you" }, headers: { 'www-authenticate': 'Basic realm="Web Password"' } };
}

/** 429: the account's per-minute limit is used up; Zendesk sends a plain-text body and `Retry-After`. */
export function rateLimited(retryAfterSeconds: number): VendorAnswer {
  return { status: 429, body: 'Too Many Requests', headers: { 'retry-after': String(retryAfterSeconds), 'content-type': 'text/plain; charset=utf-8' } };
}

/** 500: an internal failure. */
export function serverError(): VendorAnswer {
  return { status: 500, body: { error: 'InternalServerError', description: 'Something went wrong. Please try again.' } };
}

/** 404 on a route Zendesk does not have. */
export function invalidEndpoint(): VendorAnswer {
  return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
}

/** 404 on a record that does not exist. */
export function recordNotFound(): VendorAnswer {
  return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
}

/** 400 on a query parameter Zendesk refuses (too many ids, ids that are not integers, …). */
export function invalidAttribute(attribute: string, problem: string): VendorAnswer {
  const message = `You passed an invalid value for the ${attribute} attribute. ${problem}`;
  return { status: 400, body: { error: { title: 'Invalid attribute', message } } };
}

/** 400 on paging parameters Zendesk refuses (page size, cursor, offset depth). */
export function invalidPagination(description: string): VendorAnswer {
  return { status: 400, body: { error: 'InvalidPaginationParameter', description } };
}

/** 400 on a request Fastify could not parse. */
export function badRequest(description: string): VendorAnswer {
  return { status: 400, body: { error: 'InvalidRequest', description } };
}

/** 422 on a search query Zendesk cannot run: bad syntax, or results deeper than search serves. */
export function invalidSearch(description: string): VendorAnswer {
  return { status: 422, body: { error: 'invalid', description: `Invalid search: ${description}` } };
}

/**
 * Zendesk's per-minute account limit: it counts the requests of each clock minute and renders the headers every
 * answer carries; enforcing, it refuses a request past the limit (`take` is false) until the minute ends.
 */
export function createMinuteLimit(limit: number, enforce: boolean, now: () => number = Date.now) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  const roll = () => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t - (t % 60_000);
      used = 0;
    }
    return t;
  };
  return {
    /** Counts one request; false (and nothing counted) when enforcing and the minute's limit is spent. */
    take(): boolean {
      roll();
      if (enforce && used >= limit) return false;
      used += 1;
      return true;
    },
    /** The seconds until the minute ends, as `ratelimit-reset` and a 429's `Retry-After` give them. */
    resetSeconds(): number {
      const t = roll();
      return Math.max(1, Math.ceil((windowStart + 60_000 - t) / 1000));
    },
    headers(exhausted = false): Record<string, string> {
      roll();
      const remaining = exhausted ? 0 : Math.max(0, limit - used);
      return {
        'x-rate-limit': String(limit),
        'x-rate-limit-remaining': String(remaining),
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(remaining),
        'ratelimit-reset': String(this.resetSeconds()),
      };
    },
  };
}

/** A sandbox's per-minute limit. */
export type MinuteLimit = ReturnType<typeof createMinuteLimit>;
