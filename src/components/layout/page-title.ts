import { useEffect } from 'react';
import type { Params } from 'react-router';

const APP_NAME = 'Partition Console';

/** What a route puts in its `handle` to name its page; a function when the name depends on the URL. */
export type PageTitleHandle = { title: string | ((params: Params) => string) };

export function hasPageTitle(handle: unknown): handle is PageTitleHandle {
  return typeof handle === 'object' && handle !== null && 'title' in handle;
}

/** `<page> · Partition Console`, so tabs and history tell pages apart; the app's name alone without one. */
export function documentTitle(page: string | undefined): string {
  return page ? `${page} · ${APP_NAME}` : APP_NAME;
}

/** Names the browser tab after `page` while the calling component is on screen. */
export function usePageTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}
