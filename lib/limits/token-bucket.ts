/** A token bucket: `ratePerSecond` tokens a second, at most `burst` saved up. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes one token; when none is left, says how many seconds until one is. */
  take(now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.ratePerSecond)) };
  }

  /** Puts one token back (never above the burst). */
  giveBack(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }
}
