import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportFile } from '../../../server/contract/imports';
import { delimiterWords, fileSizeWords } from './import-words';
import { ScrollingTable } from './scrolling-table';

type Props = { file: ImportFile; onReplace: () => void };

/** What the proxy read from the file: enough to see at a glance that it understood it. */
export function FileSummary({ file, onReplace }: Props) {
  const intl = useIntl();
  return (
    <Stack spacing={2}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
      >
        <div>
          <Typography sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>{file.name}</Typography>
          <Typography variant="body2" color="text.secondary">
            <FormattedMessage
              id="import.file.summary"
              values={{
                rows: file.rowCount,
                columns: file.columns.length,
                delimiter: intl.formatMessage({ id: delimiterWords[file.delimiter] }),
                size: fileSizeWords(intl, file.sizeBytes),
              }}
            />
          </Typography>
        </div>
        <Button onClick={onReplace} sx={{ alignSelf: { xs: 'flex-start', sm: 'center' } }}>
          <FormattedMessage id="import.file.another" />
        </Button>
      </Stack>
      {file.rowCount === 0 && (
        <Alert severity="warning">
          <FormattedMessage id="import.file.empty" />
        </Alert>
      )}
      {file.sample.length > 0 && (
        <ScrollingTable
          regionLabel={intl.formatMessage({ id: 'import.file.sample' })}
          tableLabel={intl.formatMessage({ id: 'import.file.sampleRows' })}
          maxHeight={280}
        >
          <TableHead>
            <TableRow>
              <TableCell>
                <FormattedMessage id="import.row" />
              </TableCell>
              {file.columns.map((column, index) => (
                <TableCell key={index} sx={{ whiteSpace: 'nowrap' }}>
                  {column}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {file.sample.map((row, rowIndex) => (
              <TableRow key={rowIndex}>
                {/* Spreadsheet numbering, as the check and the results use: the header is row 1. */}
                <TableCell>{rowIndex + 2}</TableCell>
                {file.columns.map((_column, index) => (
                  <TableCell
                    key={index}
                    sx={{
                      whiteSpace: 'nowrap',
                      maxWidth: 240,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                    }}
                  >
                    {row[index] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </ScrollingTable>
      )}
    </Stack>
  );
}
