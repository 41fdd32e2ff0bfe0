import type { ProviderId } from './provider.ts';

/** A provider cursor: opaque to the engine, JSON-serialisable, stored as a checkpoint. */
export type Cursor = { [key: string]: unknown };

export type Credentials = {
  accessToken: string;
  refreshToken?: string;
  /** ISO time the access token expires, when known. */
  expiresAt?: string;
};

export type StreamDefinition = {
  name: string;
  /** JSON field holding the record's id at the provider. */
  primaryKey: string;
  /** Field incremental reads compare against, when the stream has one. */
  cursorField?: string;
  /** JSON Schema of one record's `data`. */
  jsonSchema: Record<string, unknown>;
  description: string;
};

/**
 * What one chunk reads. Each provider documents which `kind`s it accepts and what `params`
 * they take (e.g. Facebook Ads `{kind: 'insights', params: {level: 'campaign'}}` with
 * `entityIds` and a window; Microsoft mail `{kind: 'window', params: {folderId}}`).
 */
export type ChunkInput = {
  stream: string;
  kind: string;
  windowStart?: Date;
  windowEnd?: Date;
  entityIds?: string[];
  params?: Record<string, unknown>;
};

export type ConnectionContext = {
  provider: ProviderId;
  /** Provider account id: `act_1001`, `page_2001`, `user_3001`. */
  accountId: string;
  /** API base URL: the provider's, or the local sandbox's for sandbox connections. */
  baseUrl: string;
  /**
   * Origins (`https://graph.facebook.com`) this connection's credentials may be sent to: the
   * providers' official hosts, or the operator's sandbox. The HTTP layer refuses any other.
   */
  allowedOrigins: readonly string[];
  credentials: Credentials;
  /**
   * How long one HTTP request may take before it counts as a transient failure (default 30 s).
   * Per request, never per call: a call that pages has no deadline of its own.
   */
  requestTimeoutMs?: number;
  /**
   * Receives the usage readings of every response, for calls whose result carries none
   * (describeAccount, estimate): the engine's governor learns from planning too.
   */
  reportUsage?: (readings: UsageReading[]) => void;
};

export type PageRequest = ConnectionContext & {
  chunk: ChunkInput;
  /** Checkpoint to resume from; null reads the chunk from its start. */
  cursor: Cursor | null;
  pageSize?: number;
  signal: AbortSignal;
};

export type SourceRecord = {
  /** Stream the record belongs to (a page may carry derived records of another stream). */
  stream: string;
  externalId: string;
  data: Record<string, unknown>;
  /** Provider's modification time, when it has one. */
  modifiedAt?: Date;
  /** The provider reported the record removed (`@removed`, or vanished in a full read). */
  deleted?: boolean;
};

/** A provider usage reading from response headers, in percent of the budget used (0–100+). */
export type UsageReading = {
  /** Budget key: one per provider account, e.g. `FACEBOOK_ADS:act_1001`, `MICROSOFT_MAIL:user_3001`. */
  key: string;
  percentUsed: number;
  /** Provider says no calls until this many ms from now (estimated_time_to_regain_access, Retry-After). */
  regainAccessMs?: number;
  /** Time until the provider's usage score is back to zero (x-ad-account-usage reset_time_duration). */
  resetMs?: number;
  /**
   * Our calls in the budget's window when the request that carried this reading was reserved
   * (it included), as the governor counted them: reading ÷ calls is the cost of one call.
   */
  callsAtSend?: number;
  /** Header name → raw value, for the activity log. */
  raw: Record<string, string>;
};

export type PageResult = {
  records: SourceRecord[];
  /** Cursor for the next page; null when the chunk is complete. */
  nextCursor: Cursor | null;
  usage: UsageReading[];
  /**
   * Total items the chunk will read, when the provider tells (`@odata.count`, summary), or an
   * upper bound the request implies (daily insights: one row per entity per day at most).
   */
  estimatedTotal?: number;
  /**
   * Share of the chunk's work read after this page (0–1), when the connector can tell from its
   * position but no count exists (Messenger: how far back in its window the conversations
   * reached). Progress uses it to size the chunk; it is never a cursor.
   */
  progressShare?: number;
  /** Label of the item being processed (conversation participant, mail subject). */
  itemLabel?: string;
  /**
   * State to store on the stream once the whole chunk is complete (Microsoft `@odata.deltaLink`,
   * Messenger newest `updated_time`). Only set on the last page.
   */
  streamCursor?: Cursor;
  /** Requests this page cost (paging through several endpoints can take more than one). */
  requests: number;
};

export type AccountInfo = {
  name: string;
  createdAt: Date;
  timezone?: string;
};

/** An app registered with a provider (Facebook app id/secret, Entra application id/secret). */
export type OAuthApp = {
  clientId: string;
  clientSecret: string;
  /** Microsoft directory (tenant) id, or `common` / `organizations`; default `common`. */
  tenant?: string;
};

/** An authorization code the provider redirected back with, to trade for tokens. */
export type CodeExchange = {
  /** API base URL, as in ConnectionContext: the provider's, or the sandbox's. */
  baseUrl: string;
  /** As in ConnectionContext: where the app secret and the code may be sent. */
  allowedOrigins: readonly string[];
  code: string;
  /** The redirect_uri the consent screen was opened with; providers require the same one. */
  redirectUri: string;
  app: OAuthApp;
  /**
   * The provider account the user chose when starting the flow (`page_2001`), for providers
   * whose credentials belong to that account rather than to the user (a Facebook Page token).
   */
  accountId?: string;
  signal: AbortSignal;
};

/** A signed-in user's token, and where it may be sent: what listing their accounts takes. */
export type AccountListRequest = {
  baseUrl: string;
  allowedOrigins: readonly string[];
  credentials: Credentials;
  signal: AbortSignal;
};

/** One account a signed-in token can see, as a connect screen lists it. No secrets. */
export type ListedAccount = {
  /** The provider account id a connection names: `act_1001`, `page_2001`, the user id. */
  id: string;
  name: string;
  /** What tells accounts apart beside the name: currency and status, Page category, address. */
  detail?: string;
  /** Why connecting it would not work (a Page without the MESSAGING task); absent when it can. */
  unavailableReason?: string;
};

export interface SourceConnector {
  readonly provider: ProviderId;
  readonly streams: readonly StreamDefinition[];
  describeAccount(context: ConnectionContext & { signal: AbortSignal }): Promise<AccountInfo>;
  readPage(request: PageRequest): Promise<PageResult>;
  /** Items a chunk will read, from a cheap provider call (`$count`); undefined when unknown. */
  estimate?(request: Omit<PageRequest, 'cursor'>): Promise<number | undefined>;
  /** Exchanges a refresh token for new credentials (OAuth), when the provider supports it. */
  refresh?(context: ConnectionContext & { signal: AbortSignal }): Promise<Credentials>;
  /** Trades an OAuth authorization code for credentials, when the provider connects that way. */
  exchangeCode?(input: CodeExchange): Promise<Credentials>;
  /**
   * The accounts a signed-in user's token can see, from the provider's documented listing
   * endpoint (`/me/adaccounts`, `/me/accounts`, Graph `/me`).
   */
  listAccounts?(request: AccountListRequest): Promise<ListedAccount[]>;
  /**
   * What a connection to one listed account stores, when that is not the user's own token (a
   * Facebook Page's token, found in the user's `/me/accounts`). Absent: the user's token.
   */
  accountCredentials?(
    request: AccountListRequest & { accountId: string; app: OAuthApp },
  ): Promise<Credentials>;
}
