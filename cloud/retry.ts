/**
 * When the client tries again: the retry policy, `Retry-After` parsing and exponential backoff.
 * `PulumiCloudClient.request` decides what is retryable (429 always; 5xx and network errors only
 * for idempotent requests).
 */

export interface RetryPolicy {
  /** Total tries, including the first. Default 5. */
  maxAttempts: number;
  /** Delay after the first failed try; it doubles on each further try. Default 1000 ms. */
  baseDelayMs: number;
  /** Upper bound for any single delay, including one asked for by `Retry-After`. Default 30 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30000 };

/** Parses `Retry-After` (delta-seconds or HTTP-date) into milliseconds; undefined if unusable. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Delay before try `failedAttempt + 1`: base * 2^(failedAttempt - 1), capped. */
export function backoffDelay(failedAttempt: number, policy: RetryPolicy): number {
  return Math.min(policy.baseDelayMs * 2 ** (failedAttempt - 1), policy.maxDelayMs);
}
