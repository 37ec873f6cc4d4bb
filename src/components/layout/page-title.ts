import { useEffect } from 'react';
import { useIntl } from 'react-intl';
import type { Params } from 'react-router';
import type { MessageId } from '../../i18n/message-ids';

/** A page's name: a message, with values when it names something (a lead's id). */
export type PageTitle = MessageId | { id: MessageId; values: Record<string, string> };

/** What a route puts in its `handle` to name its page; a function when the name depends on the URL. */
export type PageTitleHandle = { title: PageTitle | ((params: Params) => PageTitle) };

export function hasPageTitle(handle: unknown): handle is PageTitleHandle {
  return typeof handle === 'object' && handle !== null && 'title' in handle;
}

/** Names the browser tab `<page> · Partition Console`, so tabs and history tell pages apart; the app's name alone without one. */
export function usePageTitle(page: PageTitle | undefined): void {
  const intl = useIntl();
  const app = intl.formatMessage({ id: 'app.name' });
  const message = typeof page === 'string' ? { id: page, values: {} } : page;
  const name = message && intl.formatMessage({ id: message.id }, message.values);
  useEffect(() => {
    document.title = name ? intl.formatMessage({ id: 'page.documentTitle' }, { page: name, app }) : app;
  }, [intl, name, app]);
}
