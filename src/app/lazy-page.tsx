import { useState } from 'react';
import type { ComponentType } from 'react';
import { requestVoid } from '../api/client';
import { isChunkLoadFailure } from './chunk-load-failure';
import { PageLoadFailed } from './routes/page-load-failed';

type PageModule = { default: ComponentType };
type LoadPage = () => Promise<PageModule>;

/**
 * A route's `lazy` for a page chunk. React Router keeps a failed `lazy` promise for good, so a chunk that failed
 * while the proxy was down would fail on every later visit; instead a failure resolves to a page that offers to
 * load the chunk again (in place, or by reloading once the server answers) and remembers it once it arrives.
 */
export function lazyPage(load: LoadPage): () => Promise<{ Component: ComponentType }> {
  return async () => {
    try {
      return { Component: (await load()).default };
    } catch (error) {
      // Any other error goes to the route's error element, which does not blame the network.
      if (!isChunkLoadFailure(error)) throw error;
      return { Component: retryingPage(load) };
    }
  };
}

function retryingPage(load: LoadPage): ComponentType {
  // Outlives the component: the route keeps this page, so a later visit must find the chunk already loaded.
  const loaded: { page?: ComponentType } = {};
  return function RetryingPage() {
    const [state, setState] = useState<'failed' | 'loading' | 'loaded'>(loaded.page ? 'loaded' : 'failed');
    const [broken, setBroken] = useState<{ error: unknown }>();
    // Thrown while rendering, so the route's error element shows it, as on a first load.
    if (broken) throw broken.error;
    const Page = loaded.page;
    if (state === 'loaded' && Page) return <Page />;
    const retry = async () => {
      setState('loading');
      try {
        loaded.page = (await load()).default;
        setState('loaded');
      } catch (error) {
        if (!isChunkLoadFailure(error)) {
          setBroken({ error });
          return;
        }
        // Chromium remembers a failed import() for the life of the document, so once the server answers again
        // only a new document fetches the chunk anew; while it is still down, a reload would show no page at all.
        if (await serverAnswers()) window.location.reload();
        else setState('failed');
      }
    };
    return <PageLoadFailed retrying={state === 'loading'} onRetry={() => void retry()} />;
  };
}

async function serverAnswers(): Promise<boolean> {
  try {
    await requestVoid('health');
    return true;
  } catch {
    return false;
  }
}
