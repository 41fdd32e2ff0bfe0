/** `scheduleMinutes` of a connection that syncs only when asked (the API's "off"). */
export const SCHEDULE_OFF = 0;

/** The schedules a connection can sync on (minutes between scheduled syncs), and off. */
export const SCHEDULE_OPTIONS: { minutes: number; label: string }[] = [
  { minutes: 5, label: 'Every 5 minutes' },
  { minutes: 15, label: 'Every 15 minutes' },
  { minutes: 30, label: 'Every 30 minutes' },
  { minutes: 60, label: 'Every hour' },
  { minutes: 180, label: 'Every 3 hours' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 720, label: 'Every 12 hours' },
  { minutes: 1440, label: 'Every 24 hours' },
  { minutes: SCHEDULE_OFF, label: 'Off (sync only when asked)' },
];
