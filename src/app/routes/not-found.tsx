import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { paths } from '../../config/paths';

export default function NotFoundPage() {
  return (
    <>
      <Typography variant="h1" gutterBottom>
        <FormattedMessage id="page.notFound" />
      </Typography>
      <Typography sx={{ mb: 2 }}>
        <FormattedMessage id="page.notFound.text" />
      </Typography>
      <Button component={Link} to={paths.partitions} variant="contained">
        <FormattedMessage id="page.notFound.goToPartitions" />
      </Button>
    </>
  );
}
