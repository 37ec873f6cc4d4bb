// docs/marketo-api.md is a verbatim copy of the shared reference below its one-line note; this catches drift
// wherever the shared copy is checked out next to the repo (a fresh clone alone has nothing to compare).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const shared = join(root, '..', 'shared', 'marketo', 'API.md');
const vendored = join(root, 'docs', 'marketo-api.md');

describe('docs/marketo-api.md', () => {
  it('opens with a note naming where it comes from', () => {
    expect(readFileSync(vendored, 'utf8').split('\n')[0]).toContain('../shared/marketo/API.md');
  });

  it.skipIf(!existsSync(shared))('is the shared reference, unchanged, below that note', () => {
    const body = readFileSync(vendored, 'utf8').split('\n').slice(2).join('\n');
    expect(body).toBe(readFileSync(shared, 'utf8'));
  });
});
