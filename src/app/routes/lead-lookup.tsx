import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { usePrefetchQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { fieldQueries } from '../../api/fields';
import { leadHref } from '../../config/paths';
import { LeadLookupForm } from '../../features/lead-lookup/lead-lookup-form';
import type { LookupQuery } from '../../features/lead-lookup/lead-lookup-form';
import { LeadSearchResults } from '../../features/lead-lookup/lead-search-results';

/** `/leads?email=…` lists matches; an id goes straight to the lead's page. */
export default function LeadLookupPage() {
  // While the user types, so the lead page they open next has display names without a call of its own.
  usePrefetchQuery(fieldQueries.list());
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const email = search.get('email') ?? '';
  const lookup = (query: LookupQuery) => {
    if ('id' in query) void navigate(leadHref(query.id));
    else setSearch({ email: query.email });
  };
  return (
    <Stack spacing={3}>
      <Typography variant="h1">
        <FormattedMessage id="page.leadLookup" />
      </Typography>
      <LeadLookupForm initialQuery={email} onLookup={lookup} />
      {email && <LeadSearchResults email={email} />}
    </Stack>
  );
}
