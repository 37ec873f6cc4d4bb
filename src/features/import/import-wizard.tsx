import { useMemo, useState } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ImportFile, ImportSettings } from '../../../server/contract/imports';
import { fieldQueries } from '../../api/fields';
import { useStartImport } from '../../api/imports';
import { partitionQueries } from '../../api/partitions';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { importJobHref } from '../../config/paths';
import { useLocale } from '../../i18n/locale-context';
import { CheckSummary } from './check-summary';
import { FileChooser } from './file-chooser';
import { FileSummary } from './file-summary';
import { ImportSection } from './import-section';
import { ImportSettingsFields } from './import-settings-fields';
import type { ImportChoices } from './import-settings-fields';
import { ImportPathField, type PathChoice } from './import-path-field';
import { MappingTable } from './mapping-table';
import { loadRememberedMapping, rememberMapping } from './remembered-mapping';
import { StartImport } from './start-import';
import { suggestMapping } from './suggest-mapping';
import type { ColumnMapping } from './suggest-mapping';
import { useImportCheck } from './use-import-check';
import { settingsProblemWords } from './settings-problem-words';
import { writableFields } from './writable-fields';

/** File → mapping and settings → check → start; the job page takes over once the import runs. */
export function ImportWizard({ initialPartition }: { initialPartition: string }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const fields = useQuery(fieldQueries.list());
  const partitions = useQuery(partitionQueries.list());
  const [file, setFile] = useState<ImportFile | null>(null);
  // The user's own mapping once they change a column; until then the suggestion, which follows the field list.
  const [chosenMapping, setChosenMapping] = useState<ColumnMapping | null>(null);
  const [choices, setChoices] = useState<ImportChoices>({
    partitionName: initialPartition,
    action: 'createOrUpdate',
    lookupField: 'email',
  });
  const [path, setPath] = useState<PathChoice>('auto');

  const writable = useMemo(() => writableFields(fields.data ?? []), [fields.data]);
  const suggested = useMemo(
    () => (file && fields.data ? suggestMapping(file.columns, writable, loadRememberedMapping()) : null),
    [file, fields.data, writable],
  );
  const mapping = chosenMapping ?? suggested;
  // With a single granted partition there is nothing to choose.
  const onlyPartition = partitions.data?.length === 1 ? partitions.data[0]?.name : undefined;
  const partitionName = choices.partitionName || (onlyPartition ?? '');
  const settings = useMemo<ImportSettings | null>(
    () =>
      file && mapping && partitionName
        ? {
            fileId: file.id,
            partitionName,
            action: choices.action,
            lookupField: choices.lookupField,
            mapping,
            path,
          }
        : null,
    [file, mapping, partitionName, choices.action, choices.lookupField, path],
  );
  const { check, error: checkError, checking, current, recheck } = useImportCheck(settings);
  const start = useStartImport((job) => {
    if (file && mapping) rememberMapping(file.columns, mapping);
    void navigate(importJobHref(job.id));
  });

  const mappedFields = useMemo(
    () => writable.filter((field) => mapping?.includes(field.name)),
    [writable, mapping],
  );
  const columnProblems = useMemo(
    () =>
      new Map(
        (current ? (check?.settingsProblems ?? []) : []).flatMap((problem) =>
          problem.column === undefined
            ? []
            : [[problem.column, settingsProblemWords(intl, locale, problem)] as const],
        ),
      ),
    [check, current, intl, locale],
  );

  const takeFile = (uploaded: ImportFile) => {
    setFile(uploaded);
    setChosenMapping(null);
  };

  return (
    <Stack spacing={3}>
      <ImportSection title={intl.formatMessage({ id: 'import.step.file' })}>
        {file ? (
          <FileSummary file={file} onReplace={() => setFile(null)} />
        ) : (
          <FileChooser onUploaded={takeFile} />
        )}
      </ImportSection>
      {file && (
        <ImportSection title={intl.formatMessage({ id: 'import.step.columns' })}>
          {partitions.error && (
            <ApiErrorAlert error={partitions.error} onRetry={() => void partitions.refetch()} />
          )}
          <ImportSettingsFields
            value={{ ...choices, partitionName }}
            partitions={partitions.data ?? []}
            mappedFields={mappedFields}
            onChange={setChoices}
          />
          {fields.error && <ApiErrorAlert error={fields.error} onRetry={() => void fields.refetch()} />}
          {mapping ? (
            <MappingTable
              file={file}
              fields={writable}
              mapping={mapping}
              columnProblems={columnProblems}
              onChange={(column, field) =>
                setChosenMapping(mapping.map((current, index) => (index === column ? field : current)))
              }
            />
          ) : (
            !fields.error && <LoadingBlock label="loading.fields" rows={3} />
          )}
        </ImportSection>
      )}
      {file && (
        <ImportSection title={intl.formatMessage({ id: 'import.step.check' })}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button variant="outlined" disabled={settings === null} onClick={recheck}>
              <FormattedMessage id="import.check.button" />
            </Button>
            <Typography variant="body2" color="text.secondary" role="status">
              {settings === null
                ? intl.formatMessage({ id: 'import.check.choosePartition' })
                : checking
                  ? intl.formatMessage({ id: 'import.check.checking' })
                  : ''}
            </Typography>
          </Stack>
          {checkError && <ApiErrorAlert error={checkError} onRetry={recheck} />}
          {check && settings && <CheckSummary check={check} columns={file.columns} />}
          <ImportPathField value={path} plan={current ? check?.path : undefined} onChange={setPath} />
          <StartImport
            check={check}
            current={current}
            starting={start.isPending}
            error={start.error}
            onStart={() => settings && start.mutate(settings)}
          />
        </ImportSection>
      )}
    </Stack>
  );
}
