import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useSignOut } from '../../api/session';
import { isSigningOut } from '../../config/paths';

/**
 * Signs out once the Sign out button's navigation has really arrived here. Not before: a form with unsaved
 * leads may hold that navigation back, and a user who chooses to stay must stay signed in.
 */
export function useFinishSignOut(): void {
  const location = useLocation();
  const { pathname, search } = location;
  const navigate = useNavigate();
  const signOut = useSignOut();
  const arriving = isSigningOut(location.state as unknown);
  // One call per arrival, also when StrictMode runs the effect twice.
  const started = useRef(false);
  useEffect(() => {
    if (!arriving || started.current) return;
    started.current = true;
    signOut.mutate(undefined, {
      // Done with the flag: going back to this entry, or reloading it, must not sign out whoever is in by then.
      onSettled: () => void navigate({ pathname, search }, { replace: true, state: null }),
    });
  }, [arriving, navigate, pathname, search, signOut]);
}
