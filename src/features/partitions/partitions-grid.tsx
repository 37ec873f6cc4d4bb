import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import { useIntl } from 'react-intl';
import type { Partition } from '../../../server/contract/partitions';
import { PartitionRowActions } from './partition-row-actions';

type Props = { partitions: Partition[]; onCopy: (partition: Partition) => void };

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
