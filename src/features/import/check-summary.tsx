import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Stack from '@mui/material/Stack';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportCheck, RowProblemKind } from '../../../server/contract/imports';
import { useLocale } from '../../i18n/locale-context';
import { columnName } from './column-name';
import { problemKindWords } from './import-words';
import { rowProblemWords } from './row-problem-words';
import { settingsProblemWords } from './settings-problem-words';
import { ScrollingTable } from './scrolling-table';

type Props = { check: ImportCheck; columns: readonly string[] };

/** What the check found: how many rows can go, why the others cannot, and what blocks the start. */
export function CheckSummary({ check, columns }: Props) {
  const intl = useIntl();
  const { locale } = useLocale();
  const kinds = Object.entries(check.problemCounts) as [RowProblemKind, number][];
  return (
    <Stack spacing={2}>
      {check.settingsProblems.length > 0 && (
        <Alert severity="error">
          <AlertTitle>
            <FormattedMessage id="import.check.fixSettings" />
          </AlertTitle>
          <Stack component="ul" sx={{ m: 0, pl: 2 }}>
            {check.settingsProblems.map((problem, index) => (
              <li key={index}>
                {problem.column === undefined
                  ? settingsProblemWords(intl, locale, problem)
                  : intl.formatMessage(
                      { id: 'import.check.columnProblem' },
                      {
                        column: columnName(intl, columns[problem.column] ?? '', problem.column),
                        problem: settingsProblemWords(intl, locale, problem),
                      },
                    )}
              </li>
            ))}
          </Stack>
        </Alert>
      )}
      <div>
        <Typography sx={{ fontWeight: 500 }}>
          <FormattedMessage
            id={check.invalidRows > 0 ? 'import.check.readyWithProblems' : 'import.check.ready'}
            values={{ valid: check.validRows, invalid: check.invalidRows }}
          />
        </Typography>
        {kinds.length > 0 && (
          <Stack
            component="ul"
            sx={{ m: 0, pl: 2.5 }}
            aria-label={intl.formatMessage({ id: 'import.check.problemsByKind' })}
          >
            {kinds.map(([kind, count]) => (
              <Typography component="li" variant="body2" key={kind}>
                <FormattedMessage
                  id="import.check.problemKind"
                  values={{ count, problem: intl.formatMessage({ id: problemKindWords[kind] }) }}
                />
              </Typography>
            ))}
          </Stack>
        )}
      </div>
      {check.problems.length > 0 && (
        <Stack spacing={1}>
          {check.problems.length < check.invalidRows && (
            <Typography variant="body2" color="text.secondary">
              <FormattedMessage
                id="import.check.firstProblems"
                values={{ shown: check.problems.length, invalid: check.invalidRows }}
              />
            </Typography>
          )}
          <ScrollingTable
            regionLabel={intl.formatMessage({ id: 'import.check.problems' })}
            tableLabel={intl.formatMessage({ id: 'import.check.problemRows' })}
            maxHeight={360}
          >
            <TableHead>
              <TableRow>
                <TableCell>
                  <FormattedMessage id="import.row" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="import.mapping.column" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="import.check.problem" />
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {check.problems.map((problem) => (
                <TableRow key={`${problem.row}-${problem.kind}`}>
                  <TableCell>{problem.row}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{problem.column ?? ''}</TableCell>
                  <TableCell>{rowProblemWords(intl, locale, problem)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </ScrollingTable>
        </Stack>
      )}
    </Stack>
  );
}
