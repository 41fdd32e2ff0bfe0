import { describe, expect, it } from 'vitest';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { createFacebookPagesSandbox } from './index.ts';

type Page<T> = { data: T[]; paging?: { cursors: { after: string }; next?: string } };
type Conversation = {
  id: string;
  updated_time: string;
  message_count: number;
  participants: { data: { id: string }[] };
  messages?: Page<Record<string, unknown>>;
};
type Body = Page<Conversation> & { error?: { code: number; message: string } } & Conversation;

const NOW = new Date('2025-06-01T12:00:00Z');
const BASE = 'http://sandbox.test/graph';

function get(path: string, query: Record<string, string> = {}): SandboxRequest {
  const params = new URLSearchParams({ ...query, access_token: 'EAAB-test' });
  return { method: 'GET', path, query: params, headers: {}, body: undefined };
}

function call(sandbox: ReturnType<typeof createFacebookPagesSandbox>, request: SandboxRequest) {
  return sandbox.handle(request, { now: NOW, baseUrl: BASE }) as SandboxResponse & { body: Body };
}

// Field expansion: https://developers.facebook.com/docs/graph-api/guides/field-expansion
// (`.limit()` on an edge, nested fields in `{}`, results paged like the edge itself).
describe('Pages emulator: field expansion of messages', () => {
  const sandbox = createFacebookPagesSandbox(5);
  const expanded = 'id,updated_time,messages.limit(25){id,message,from,to,created_time}';

  it('rejects malformed expansions and unknown nested fields with #100, changing nothing', () => {
    for (const fields of [
      'id,messages.limit(25){id,message',
      'id,messages.sort(asc){id}',
      'id,messages{id,subject}',
      'id,updated_time.limit(2)',
    ]) {
      const response = call(sandbox, get('/v21.0/page_2001/conversations', { fields }));
      expect(response.status, fields).toBe(400);
      expect(response.body.error?.code, fields).toBe(100);
    }
  });

  it('brings each conversation’s newest messages inline, with the requested fields in order', () => {
    const list = call(
      sandbox,
      get('/v21.0/page_2001/conversations', { fields: expanded, limit: '50' }),
    );
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(50);
    for (const conversation of list.body.data) {
      const inline = conversation.messages!;
      expect(Object.keys(conversation)).toEqual(['id', 'updated_time', 'messages']);
      expect(inline.data.length).toBe(
        Math.min(
          25,
          call(sandbox, get(`/v21.0/${conversation.id}`, { fields: 'message_count' })).body
            .message_count,
        ),
      );
      expect(Object.keys(inline.data[0]!)).toEqual(['id', 'message', 'from', 'to', 'created_time']);
      // Exactly what the messages edge returns for the same fields and limit.
      const edge = call(
        sandbox,
        get(`/v21.0/${conversation.id}/messages`, {
          fields: 'id,message,from,to,created_time',
          limit: '25',
        }),
      );
      expect(inline.data).toEqual(edge.body.data);
      expect(inline.data[0]!.created_time).toBe(conversation.updated_time);
      // Longer conversations page on from the inline page's `next`.
      if (inline.paging?.next) {
        const next = new URL(inline.paging.next);
        expect(next.pathname).toBe(`/graph/v21.0/${conversation.id}/messages`);
        expect(next.searchParams.get('after')).toBe(inline.paging.cursors.after);
      }
    }
    expect(list.body.data.some((c) => c.messages?.paging?.next)).toBe(true);
  });

  it('answers `?fields=messages` on a conversation with its messages edge (default 25)', () => {
    const id = call(sandbox, get('/v21.0/page_2001/conversations')).body.data[0]!.id;
    const node = call(sandbox, get(`/v21.0/${id}`, { fields: 'id,messages' }));
    expect(node.status).toBe(200);
    expect(node.body.id).toBe(id);
    expect(node.body.messages!.data[0]).toEqual({
      id: expect.any(String),
      created_time: expect.any(String),
    });
  });
});

// Page conversations reference: https://developers.facebook.com/docs/graph-api/reference/page/conversations
// (`platform` {messenger, instagram}; `user_id` keeps the conversations with that person).
describe('Pages emulator: conversation filters', () => {
  const sandbox = createFacebookPagesSandbox(5);
  const fields = 'id,participants';

  it('rejects a user_id that is not an id', () => {
    const response = call(sandbox, get('/v21.0/page_2001/conversations', { user_id: 'bob' }));
    expect(response.body.error?.code).toBe(100);
  });

  it('user_id keeps only the conversations with that person', () => {
    const first = call(sandbox, get('/v21.0/page_2001/conversations', { fields })).body.data[3]!;
    const person = first.participants.data.find((p) => p.id !== 'page_2001')!.id;
    const filtered = call(
      sandbox,
      get('/v21.0/page_2001/conversations', { fields, user_id: person, platform: 'messenger' }),
    );
    expect(filtered.body.data.map((c) => c.id)).toEqual([first.id]);
    const nobody = call(sandbox, get('/v21.0/page_2001/conversations', { user_id: '1' }));
    expect(nobody.body.data).toEqual([]);
  });

  it('platform=instagram reads the (empty) Instagram inbox, messenger the Page inbox', () => {
    const instagram = call(
      sandbox,
      get('/v21.0/page_2001/conversations', { platform: 'instagram' }),
    );
    expect(instagram.body.data).toEqual([]);
    const messenger = call(
      sandbox,
      get('/v21.0/page_2001/conversations', { platform: 'messenger' }),
    );
    expect(messenger.body.data).toHaveLength(25);
  });
});
