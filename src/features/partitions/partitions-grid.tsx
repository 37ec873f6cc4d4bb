import { esES, frFR } from '@mui/x-data-grid/locales';
import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import { useIntl } from 'react-intl';
import type { Partition } from '../../../server/contract/partitions';
import { PartitionRowActions } from './partition-row-actions';

type Props = { partitions: Partition[]; onCopy: (partition: Partition) => void };

// MUI's own words for the grid's toolbar, menus and footer, in the console's languages (English is built in).
const gridLocaleText: Partial<Record<string, typeof esES.components.MuiDataGrid.defaultProps.localeText>> = {
  'es-MX': esES.components.MuiDataGrid.defaultProps.localeText,
  'fr-CA': frFR.components.MuiDataGrid.defaultProps.localeText,
};

export function PartitionsGrid({ partitions, onCopy }: Props) {
  const intl = useIntl();
  const columns: GridColDef<Partition>[] = [
    {
      field: 'id',
      headerName: intl.formatMessage({ id: 'partitions.column.id' }),
      type: 'number',
      width: 90,
    },
    {
      field: 'name',
      headerName: intl.formatMessage({ id: 'partitions.column.name' }),
      flex: 1,
      minWidth: 140,
    },
    {
      field: 'description',
      headerName: intl.formatMessage({ id: 'partitions.column.description' }),
      flex: 2,
      minWidth: 200,
    },
    {
      field: 'actions',
      headerName: intl.formatMessage({ id: 'partitions.column.actions' }),
      sortable: false,
      filterable: false,
      width: 230,
      renderCell: ({ row }) => <PartitionRowActions partition={row} onCopy={onCopy} />,
    },
  ];
  return (
    <DataGrid
      label={intl.formatMessage({ id: 'page.partitions' })}
      localeText={gridLocaleText[intl.locale]}
      rows={partitions}
      columns={columns}
      showToolbar
      autoHeight
      // Instances have tens of partitions at most; rendering them all keeps every row reachable by search tools.
      disableVirtualization
      disableRowSelectionOnClick
      initialState={{ sorting: { sortModel: [{ field: 'name', sort: 'asc' }] } }}
      pageSizeOptions={[25, 50, 100]}
      slotProps={{
        toolbar: { csvOptions: { disableToolbarButton: true }, printOptions: { disableToolbarButton: true } },
      }}
    />
  );
}
