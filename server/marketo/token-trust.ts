// What a client has learnt about its tokens from Marketo's answers. A token Marketo took and later refused
// expired or was revoked under calls in flight; only fresh tokens refused one after another, with none taken
// in between, say the credential itself is refused. `runRequest` (request-runner.ts) gives up on that run.

/** How many taken tokens are remembered; only the current one and its predecessor are ever in flight. */
const REMEMBERED = 4;

export class TokenTrust {
  private readonly taken: string[] = [];
  private refusedInARow = 0;

  /** Marketo answered a call carrying `token` with anything but a token refusal. */
  accept(token: string): void {
    this.refusedInARow = 0;
    if (this.taken.includes(token)) return;
    this.taken.push(token);
    if (this.taken.length > REMEMBERED) this.taken.shift();
  }

  /** Marketo refused `token` while it was the current one; returns the run of fresh tokens refused. */
  refused(token: string): number {
    if (!this.taken.includes(token)) this.refusedInARow++;
    return this.refusedInARow;
  }

  /** Fresh tokens refused since Marketo last took one. */
  get refusalRun(): number {
    return this.refusedInARow;
  }
}
