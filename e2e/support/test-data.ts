let counter = 0;

/** An email no other test uses, so tests never depend on each other's leads. */
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}@example.com`;
}
