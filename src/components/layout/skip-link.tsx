import type { MouseEvent } from 'react';
import Link from '@mui/material/Link';
import { FormattedMessage } from 'react-intl';

export const MAIN_CONTENT_ID = 'main-content';

/** First stop for the Tab key: keyboard users go past the top bar and the menu straight to the page. */
export function SkipLink() {
  // Focus moves by hand: following the #fragment would put it in the router's URL, and not every browser moves
  // keyboard focus (only the scroll position) to a fragment's target.
  const skip = (event: MouseEvent) => {
    event.preventDefault();
    document.getElementById(MAIN_CONTENT_ID)?.focus();
  };
  return (
    <Link
      href={`#${MAIN_CONTENT_ID}`}
      onClick={skip}
      sx={{
        position: 'absolute',
        left: 8,
        top: 8,
        zIndex: (theme) => theme.zIndex.tooltip,
        p: 1,
        bgcolor: 'background.paper',
        // Out of sight until focused, yet still in the tab order (display:none would take it out).
        transform: 'translateY(-200%)',
        '&:focus-visible': { transform: 'none' },
      }}
    >
      <FormattedMessage id="shell.skipToContent" />
    </Link>
  );
}
