/**
 * Lets `?refresh=1` reach Marketo at most once per interval: a button pressed repeatedly (or a script looping on
 * it) must not spend the shared rate budget; inside the interval the fresh copy just loaded is as good.
 */
export function refreshGate(
  minIntervalMs: number,
  now: () => number = Date.now,
): (wanted: boolean) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (wanted) => {
    if (!wanted || now() - last < minIntervalMs) return false;
    last = now();
    return true;
  };
}
