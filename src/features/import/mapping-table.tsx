import { useMemo } from 'react';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Field } from '../../../server/contract/fields';
import type { ImportFile } from '../../../server/contract/imports';
import { ColumnFieldSelect } from './column-field-select';
import { columnName } from './column-name';
import type { ColumnMapping } from './suggest-mapping';

type Props = {
  file: ImportFile;
  fields: readonly Field[];
  mapping: ColumnMapping;
  /** Problems the check found with one column's mapping, by column index. */
  columnProblems: ReadonlyMap<number, string>;
  onChange: (column: number, field: string | null) => void;
};

const SAMPLE_VALUES = 3;
const hideOnPhone = { display: { xs: 'none', sm: 'table-cell' } };

/** Each column of the file with a few of its values and the field it goes into. */
export function MappingTable({ file, fields, mapping, columnProblems, onChange }: Props) {
  const intl = useIntl();
  const taken = useMemo(() => new Set(mapping.filter((field) => field !== null)), [mapping]);
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label={intl.formatMessage({ id: 'import.mapping.table' })}>
        <TableHead>
          <TableRow>
            <TableCell>
              <FormattedMessage id="import.mapping.column" />
            </TableCell>
            {/* On a phone the sample table above shows the values; the selects need the width. */}
            <TableCell sx={hideOnPhone}>
              <FormattedMessage id="import.mapping.samples" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="import.mapping.target" />
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {file.columns.map((column, index) => {
            const samples = file.sample
              .map((row) => row[index] ?? '')
              .filter((value) => value !== '')
              .slice(0, SAMPLE_VALUES);
            const problem = columnProblems.get(index);
            return (
              <TableRow key={index}>
                <TableCell component="th" scope="row" sx={{ overflowWrap: 'anywhere' }}>
                  {columnName(intl, column, index)}
                </TableCell>
                <TableCell
                  sx={{ ...hideOnPhone, color: 'text.secondary', maxWidth: 280, overflowWrap: 'anywhere' }}
                >
                  {samples.join(', ') || intl.formatMessage({ id: 'import.mapping.noSamples' })}
                </TableCell>
                <TableCell>
                  <ColumnFieldSelect
                    label={intl.formatMessage(
                      { id: 'import.mapping.fieldFor' },
                      { column: columnName(intl, column, index) },
                    )}
                    value={mapping[index] ?? null}
                    fields={fields}
                    taken={taken}
                    onChange={(field) => onChange(index, field)}
                  />
                  {problem && (
                    <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>
                      {problem}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
