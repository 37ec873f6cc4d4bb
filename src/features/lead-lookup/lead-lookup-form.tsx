import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormattedMessage, useIntl } from 'react-intl';
import { EmailSchema, LeadIdTextSchema } from '../../../server/contract/leads';
import { FormTextField } from '../../components/form/form-text-field';
import { LOOKUP_WORDS } from '../../i18n/validation-words';

export type LookupQuery = { id: number } | { email: string };

// One box for both: digits are an id, anything else must be an email (the contract decides both).
const LookupFormSchema = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'Enter a lead id or an email address')
    .transform((value, ctx): LookupQuery => {
      const id = LeadIdTextSchema.safeParse(value);
      if (id.success) return { id: id.data };
      const email = EmailSchema.safeParse(value);
      if (email.success) return { email: email.data };
      ctx.addIssue({ code: 'custom', message: 'Enter a lead id (digits only) or an email address' });
      return z.NEVER;
    }),
});

type Props = { initialQuery?: string; onLookup: (query: LookupQuery) => void };

export function LeadLookupForm({ initialQuery = '', onLookup }: Props) {
  const intl = useIntl();
  const { control, handleSubmit } = useForm({
    resolver: zodResolver(LookupFormSchema),
    values: { query: initialQuery },
  });
  return (
    <Stack
      component="form"
      role="search"
      noValidate
      direction="row"
      spacing={1}
      sx={{ alignItems: 'flex-start', maxWidth: 560 }}
      onSubmit={(event) => void handleSubmit(({ query }) => onLookup(query))(event)}
    >
      <FormTextField
        control={control}
        name="query"
        validationWords={LOOKUP_WORDS.query}
        label={intl.formatMessage({ id: 'lookup.label' })}
      />
      <Button type="submit" variant="contained" sx={{ flexShrink: 0 }}>
        <FormattedMessage id="lookup.submit" />
      </Button>
    </Stack>
  );
}
