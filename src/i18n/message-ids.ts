import type en from './messages/en.json';

// react-intl checks every message id against English, the source: a typo or a key not yet written fails the
// typecheck instead of showing the id on screen.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace FormatjsIntl {
    interface Message {
      ids: keyof typeof en;
    }
  }
}

export type MessageId = keyof typeof en;
