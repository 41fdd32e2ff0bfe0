import { builder } from '../builder.ts';
import './scalars.ts';
import './errors.ts';
import './enums.ts';
import './workspace.ts';
import './connection.ts';
import './oauth-connection.ts';
import './sync-job.ts';
import './sync-chunk.ts';
import './sync-event.ts';
import './sync-control.ts';
import './records.ts';
import './sync-stats.ts';
import './subscriptions.ts';

export const schema = builder.toSchema({ sortSchema: true });
