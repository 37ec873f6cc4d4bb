import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/message-ids';

type Props = { label: MessageId; values?: Record<string, string | number>; rows?: number };

/** A few grey bars in place of content that is on its way; `label` names what is coming. */
export function LoadingBlock({ label, values, rows = 4 }: Props) {
  const intl = useIntl();
  return (
    <Stack spacing={1} role="status" aria-label={intl.formatMessage({ id: label }, values)} aria-busy="true">
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} variant="rounded" height={36} />
      ))}
    </Stack>
  );
}
