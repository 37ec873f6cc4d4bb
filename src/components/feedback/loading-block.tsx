import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';

/** A few grey bars in place of content that is on its way. */
export function LoadingBlock({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <Stack spacing={1} role="status" aria-label={label} aria-busy="true">
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} variant="rounded" height={36} />
      ))}
    </Stack>
  );
}
