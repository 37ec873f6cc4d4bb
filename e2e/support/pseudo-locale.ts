// The pseudo-locale pass (e2e/pseudo-locale.spec.ts): every message reads `⟦Ŵóŕðš~~~⟧` there
// (src/i18n/pseudo.ts), so text on screen outside those marks was never a message, and text 40 % longer finds
// the layouts that break when a translation grows.
import type { APIRequestContext, Page } from '@playwright/test';

/** Chooses the pseudo-locale from the account menu; it is then remembered for this user in this browser. */
export async function choosePseudoLocale(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Language: / }).click();
  await page.getByRole('menuitem', { name: 'Pseudo (ƥšéúðó)' }).click();
  await page.getByRole('button', { name: /^⟦/ }).first().waitFor();
}

/**
 * Words that may stand outside the marks: what the API holds (partition, field, user and lead data, the
 * Marketo field names the UI shows as Marketo writes them), and the sample file's cells.
 */
export async function dataWords(
  request: APIRequestContext,
  extra: readonly string[] = [],
): Promise<string[]> {
  const bodies = await Promise.all(
    ['/api/partitions', '/api/fields', '/api/users', '/api/session', '/api/imports', '/api/activity'].map(
      async (path) => JSON.stringify(await (await request.get(path)).json()),
    ),
  );
  return [...bodies, ...extra];
}

export type PageFindings = {
  /** Visible text that is neither inside the marks nor data, nor a number, a date or punctuation. */
  untranslated: string[];
  /** The page scrolls sideways, or an element's text is cut off. */
  layout: string[];
};

/** Runs in the page: finds text left out of the messages and layout the longer text breaks. */
export async function inspectPage(page: Page, allowed: readonly string[]): Promise<PageFindings> {
  return page.evaluate((allowedTexts) => {
    // MUI's own words in the grid's toolbar and footer come from MUI's locale packs, not from our messages.
    const foreign = '.MuiDataGrid-toolbar, .MuiDataGrid-toolbarContainer, .MuiDataGrid-footerContainer';
    const separator = '\u0001';
    const pieces: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim()) continue;
      if (parent.closest(foreign) || parent.closest('script, style, noscript')) continue;
      if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      pieces.push(node.textContent);
    }
    // A message's values (a link, a bold name, another message) split it over several text nodes, in order:
    // marks are matched over the whole, innermost first.
    let text = pieces.join(separator);
    for (let previous = ''; previous !== text;) {
      previous = text;
      text = text.replace(/⟦[^⟦⟧]*⟧/g, separator);
    }
    const bare = (token: string) => token.replace(/^[^\p{L}\p{N}@]+|[^\p{L}\p{N}]+$/gu, '');
    const words = new Set(allowedTexts.flatMap((value) => value.split(/[\s"\\,:;()[\]{}]+/)).map(bare));
    const months = Array.from({ length: 12 }, (_unused, month) =>
      ['short', 'long'].map((style) =>
        new Date(2026, month, 15).toLocaleString('en', { month: style as 'short' | 'long' }),
      ),
    ).flat();
    const weekdays = Array.from({ length: 7 }, (_unused, day) =>
      new Date(2026, 0, 4 + day).toLocaleString('en', { weekday: 'short' }),
    );
    const intlWords = new Set([...months, ...weekdays, 'AM', 'PM', 'UTC', 'GMT', 'ƥš']);
    const isAllowed = (token: string) => {
      const word = bare(token);
      return (
        !/\p{L}/u.test(word) ||
        /^[^\s@]+@[^\s@]+$/.test(word) ||
        /^GMT[+-]\d+$/.test(word) ||
        words.has(word) ||
        intlWords.has(word)
      );
    };
    const untranslated = text
      .split(separator)
      .map((piece) => piece.trim())
      .filter((piece) => piece !== '' && !piece.split(/\s+/).every(isAllowed));

    const describeElement = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 60)}"`;
    const layout: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      // Named by the innermost elements that stick out, which are what to fix.
      const scrolledInside = (element: Element) => {
        for (
          let parent = element.parentElement;
          parent && parent !== document.body;
          parent = parent.parentElement
        ) {
          if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return true;
        }
        return false;
      };
      const outside = [...document.body.querySelectorAll('*')].filter(
        (element) =>
          element.getBoundingClientRect().right > root.clientWidth + 1 &&
          !scrolledInside(element) &&
          ![...element.children].some((child) => child.getBoundingClientRect().right > root.clientWidth + 1),
      );
      layout.push(
        `the page scrolls sideways (${root.scrollWidth} px wide in ${root.clientWidth} px): ${outside
          .slice(0, 3)
          .map((element) => describeElement(element))
          .join(', ')}`,
      );
    }
    for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
      const ownText = [...element.childNodes].some(
        (child) => child.nodeType === Node.TEXT_NODE && child.textContent?.trim(),
      );
      if (!ownText || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      if (element.closest(foreign)) continue;
      const style = getComputedStyle(element);
      const clips = ['hidden', 'clip'].includes(style.overflowX) && style.textOverflow !== 'ellipsis';
      // Visually hidden text (1 px, clipped on purpose) is for screen readers only.
      const visuallyHidden = element.clientWidth <= 1 || style.clip !== 'auto';
      if (clips && !visuallyHidden && element.scrollWidth > element.clientWidth + 1) {
        layout.push(
          `${describeElement(element)} is cut off (${element.scrollWidth} px in ${element.clientWidth} px)`,
        );
      }
      // Or cut off by an ancestor that hides what overflows it (a tab strip, a card) rather than scrolling.
      const box = element.getBoundingClientRect();
      for (
        let parent = element.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      ) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') break;
        if (overflow !== 'hidden' && overflow !== 'clip') continue;
        const edge = parent.getBoundingClientRect();
        if (!visuallyHidden && (box.right > edge.right + 1 || box.left < edge.left - 1)) {
          layout.push(`${describeElement(element)} is cut off by its container`);
        }
        break;
      }
    }
    return { untranslated, layout };
  }, allowed);
}
