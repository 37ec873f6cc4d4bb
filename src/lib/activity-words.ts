import type { ActivityAction, ActivityEntry } from '../../server/contract/activity';

export const activityActionWords: Record<ActivityAction, string> = {
  'lead.write': 'Created/updated leads',
  'lead.move': 'Moved leads',
  import: 'Import',
  'auth.sign-in': 'Signed in',
  'auth.sign-in-failed': 'Failed sign-in',
  'auth.sign-out': 'Signed out',
  'user.create': 'Added user',
  'user.update': 'Changed user',
  'user.password-reset': 'Reset password',
  'security.out-of-grants': 'Security: write reached another partition',
  'retention.sweep': 'Deleted expired records',
};

export const activityOutcomeWords: Record<ActivityEntry['outcome'], string> = {
  success: 'Succeeded',
  partial: 'Partly succeeded',
  failure: 'Failed',
  pending: 'Not finished (no answer recorded)',
};
