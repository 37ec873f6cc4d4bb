/** Path of a Chromium for Playwright, or undefined; with `install`, installs Debian's when it can. */
export function findChromium(options?: { install?: boolean }): string | undefined;
