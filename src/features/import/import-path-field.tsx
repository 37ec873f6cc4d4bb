import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useIntl } from 'react-intl';
import type { BulkRefusal, ImportPathPlan, ImportSettings } from '../../../server/contract/imports';
import type { MessageId } from '../../i18n/message-ids';

export type PathChoice = NonNullable<ImportSettings['path']>;

type Props = {
  value: PathChoice;
  /** What the last current check said of the path; undefined before it (or from an older proxy). */
  plan: ImportPathPlan | undefined;
  onChange: (value: PathChoice) => void;
};

/** Why Bulk Import is closed to these settings, as the proxy's check names it (server/imports/bulk/path-choice.ts). */
const refusalWords: Record<BulkRefusal, MessageId> = {
  action: 'import.path.refused.action',
  id_lookup: 'import.path.refused.idLookup',
  limited_grants: 'import.path.refused.limitedGrants',
};

/**
 * How the rows reach Marketo: chosen by the row count, Sync Leads in calls of 300, or Bulk Import, which Marketo
 * processes on its side. The check says which one these settings take, and why Bulk Import is closed if it is.
 */
export function ImportPathField({ value, plan, onChange }: Props) {
  const intl = useIntl();
  const refused = plan?.bulkRefused;
  const help = refused
    ? intl.formatMessage({ id: refusalWords[refused] })
    : plan
      ? intl.formatMessage({ id: plan.takes === 'bulk' ? 'import.path.takesBulk' : 'import.path.takesSync' })
      : intl.formatMessage({ id: 'import.path.help' });
  return (
    <TextField
      select
      label={intl.formatMessage({ id: 'import.path.label' })}
      value={value}
      onChange={(event) => onChange(event.target.value as PathChoice)}
      // Bulk asked for but closed to these settings: the start would be refused, so say it here first.
      error={refused !== undefined && value === 'bulk'}
      helperText={help}
    >
      <MenuItem value="auto">
        {plan
          ? intl.formatMessage({ id: 'import.path.autoFrom' }, { rows: plan.bulkMinRows })
          : intl.formatMessage({ id: 'import.path.auto' })}
      </MenuItem>
      <MenuItem value="sync">{intl.formatMessage({ id: 'import.path.sync' })}</MenuItem>
      <MenuItem value="bulk" disabled={refused !== undefined}>
        {intl.formatMessage({ id: 'import.path.bulk' })}
      </MenuItem>
    </TextField>
  );
}
