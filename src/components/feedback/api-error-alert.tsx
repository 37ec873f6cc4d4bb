import { useId, useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ApiError } from '../../api/api-error';
import { errorWords } from '../../lib/error-words';

type Props = { error: ApiError; onRetry?: () => void };

/** An error in plain words; Marketo's code and request id sit under "Details" for a support ticket. */
export function ApiErrorAlert({ error, onRetry }: Props) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const intl = useIntl();
  const { title, advice } = errorWords(intl, error);
  const marketo = error.marketo;
  const action = (
    <>
      {marketo && (
        <Button
          color="inherit"
          size="small"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen(!open)}
        >
          <FormattedMessage id="error.details" />
        </Button>
      )}
      {onRetry && (
        <Button color="inherit" size="small" onClick={onRetry}>
          <FormattedMessage id="error.retry" />
        </Button>
      )}
    </>
  );
  return (
    <Alert severity={error.code === 'quota_exhausted' ? 'warning' : 'error'} action={action}>
      <AlertTitle>{title}</AlertTitle>
      {advice}
      {marketo && (
        <div id={detailsId}>
          <Collapse in={open} unmountOnExit>
            <Typography
              variant="body2"
              component="dl"
              sx={{
                mt: 1,
                mb: 0,
                display: 'grid',
                gridTemplateColumns: 'auto 1fr',
                columnGap: 2,
                '& dd': { m: 0 },
              }}
            >
              <dt>
                <FormattedMessage id="error.marketoCode" />
              </dt>
              <dd>{marketo.code}</dd>
              <dt>
                <FormattedMessage id="error.marketoMessage" />
              </dt>
              <dd>{marketo.message}</dd>
              {marketo.requestId && (
                <>
                  <dt>
                    <FormattedMessage id="error.requestId" />
                  </dt>
                  <dd>{marketo.requestId}</dd>
                </>
              )}
            </Typography>
          </Collapse>
        </div>
      )}
    </Alert>
  );
}
