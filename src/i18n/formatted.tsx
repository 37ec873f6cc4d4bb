import { useIntl } from 'react-intl';
import { formatLocalTime } from '../lib/format-time';

/** A date and time in the user's language and zone (see formatLocalTime), for use inside messages. */
export function LocalTime({ iso }: { iso: string }) {
  const intl = useIntl();
  return <>{formatLocalTime(intl, iso)}</>;
}
