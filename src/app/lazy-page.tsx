import { useState } from 'react';
import type { ComponentType } from 'react';
import { PageLoadFailed } from './routes/page-load-failed';

type PageModule = { default: ComponentType };
type LoadPage = () => Promise<PageModule>;

/**
 * A route's `lazy` for a page chunk. React Router keeps a failed `lazy` promise for good, so a chunk that failed
 * while the proxy was down would fail on every later visit; instead a failure resolves to a page that offers to
 * load the chunk again, in place, and remembers it once it arrives.
 */
export function lazyPage(load: LoadPage): () => Promise<{ Component: ComponentType }> {
  return async () => {
    try {
      return { Component: (await load()).default };
    } catch {
      return { Component: retryingPage(load) };
    }
  };
}

function retryingPage(load: LoadPage): ComponentType {
  // Outlives the component: the route keeps this page, so a later visit must find the chunk already loaded.
  const loaded: { page?: ComponentType } = {};
  return function RetryingPage() {
    const [state, setState] = useState<'failed' | 'loading' | 'loaded'>(loaded.page ? 'loaded' : 'failed');
    const Page = loaded.page;
    if (state === 'loaded' && Page) return <Page />;
    const retry = () => {
      setState('loading');
      load()
        .then((module) => {
          loaded.page = module.default;
          setState('loaded');
        })
        .catch(() => setState('failed'));
    };
    return <PageLoadFailed retrying={state === 'loading'} onRetry={retry} />;
  };
}
