import Typography from '@mui/material/Typography';
import type { Reason } from '../../../server/contract/leads';
import { reasonWords } from '../../lib/reason-words';

/** Why a row was skipped or failed. Marketo's reasons carry a numeric code; the check's own are already words. */
export function ImportReason({ reason }: { reason: Reason }) {
  const fromMarketo = /^\d+$/.test(reason.code);
  return (
    <Typography variant="body2" component="span">
      {fromMarketo ? reasonWords(reason) : reason.message}
      {fromMarketo && (
        <Typography variant="caption" color="text.secondary" component="span">
          {' '}
          (Marketo {reason.code})
        </Typography>
      )}
    </Typography>
  );
}
