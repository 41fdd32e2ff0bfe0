import { auditMutations } from '../audit/audit-mutations.ts';
import { builder } from '../builder.ts';
import './scalars.ts';
import './errors.ts';
import './enums.ts';
import './workspace.ts';
import './node-query.ts';
import './connection.ts';
import './oauth-connection.ts';
import './sign-in-accounts.ts';
import './sync-job.ts';
import './sync-chunk.ts';
import './sync-event.ts';
import './sync-control.ts';
import './records.ts';
import './streams.ts';
import './sync-stats.ts';
import './subscriptions.ts';
import './webhooks.ts';

// Every mutation is audited (who, what, when); see audit/audit-mutations.ts.
export const schema = auditMutations(builder.toSchema({ sortSchema: true }));
