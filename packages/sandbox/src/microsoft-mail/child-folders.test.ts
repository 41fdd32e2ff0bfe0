import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MailSandboxHarness,
  startMailSandboxHarness,
} from '../testing/mail-sandbox-harness.ts';

let sandbox: MailSandboxHarness;
const AUTH = { Authorization: 'Bearer anything' };
const USER = '/v1.0/users/user_3001';

beforeAll(async () => {
  sandbox = await startMailSandboxHarness();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset(3));

type Folder = {
  id: string;
  displayName: string;
  parentFolderId: string;
  childFolderCount: number;
  totalItemCount: number;
};
type GraphBody = {
  error: { code: string; message: string; innerError: Record<string, string> };
  value: Folder[];
  '@odata.context': string;
  '@odata.nextLink'?: string;
  '@odata.count': number;
  '@odata.deltaLink'?: string;
};

async function get(pathOrUrl: string, headers: Record<string, string> = AUTH) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sandbox.baseUrl}${pathOrUrl}`;
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as GraphBody };
}

/** Every folder of one listing, following `@odata.nextLink`; also how many pages it took. */
async function listAll(path: string): Promise<{ folders: Folder[]; pages: number }> {
  const folders: Folder[] = [];
  let pages = 0;
  let next: string | undefined = path;
  while (next) {
    const page = await get(next);
    expect(page.status).toBe(200);
    folders.push(...page.body.value);
    pages += 1;
    next = page.body['@odata.nextLink'];
  }
  return { folders, pages };
}

/** The folders of a listing and, recursively, of their children. */
async function walk(path: string): Promise<Folder[]> {
  const { folders } = await listAll(path);
  const nested = await Promise.all(
    folders
      .filter((f) => f.childFolderCount > 0)
      .map((f) => walk(`${USER}/mailFolders/${f.id}/childFolders`)),
  );
  return [...folders, ...nested.flat()];
}

async function folderNamed(name: string, under = `${USER}/mailFolders`): Promise<Folder> {
  const { folders } = await listAll(under);
  const folder = folders.find((f) => f.displayName === name);
  if (!folder) throw new Error(`no folder ${name} under ${under}`);
  return folder;
}

describe('Graph mail emulator: child folders', () => {
  it('answers childFolders of an unknown folder id with 404 ErrorItemNotFound', async () => {
    const unknown = await get(`${USER}/mailFolders/AAMkAGnope/childFolders`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'ErrorItemNotFound',
      message: 'The specified object was not found in the store.',
      innerError: { 'request-id': expect.any(String), date: expect.any(String) },
    });
    expect((await get(`${USER}/mailFolders/inbox/childFolders?$skip=x`)).status).toBe(400);
    expect((await get(`${USER}/mailFolders/inbox/childFolders?$top=0`)).status).toBe(400);
  });

  it('lists only top-level folders at /mailFolders, with childFolderCount', async () => {
    const { folders } = await listAll(`${USER}/mailFolders?$top=3`);
    expect(folders).toHaveLength(8);
    const counts = Object.fromEntries(folders.map((f) => [f.displayName, f.childFolderCount]));
    expect(counts).toMatchObject({ Inbox: 2, Archive: 1, 'Sent Items': 0, Projects: 0 });
    expect(new Set(folders.map((f) => f.parentFolderId)).size).toBe(1);
  });

  it('pages childFolders with $top and @odata.nextLink like /mailFolders', async () => {
    const inbox = await folderNamed('Inbox');
    const first = await get(`${USER}/mailFolders/${inbox.id}/childFolders?$top=1`);
    expect(first.body.value).toHaveLength(1);
    expect(first.body['@odata.context']).toContain(`mailFolders('${inbox.id}')/childFolders`);
    const next = new URL(first.body['@odata.nextLink']!);
    expect(next.pathname).toMatch(/\/childFolders$/);
    expect(next.searchParams.get('$skip')).toBe('1');
    expect(next.searchParams.get('$top')).toBe('1');
    const { folders, pages } = await listAll(`${USER}/mailFolders/${inbox.id}/childFolders?$top=1`);
    expect(pages).toBe(2);
    expect(folders.map((f) => [f.displayName, f.childFolderCount])).toEqual([
      ['Clients', 1],
      ['Newsletters', 0],
    ]);
    expect(folders.every((f) => f.parentFolderId === inbox.id)).toBe(true);
    // A well-known name works in place of the id, as in Graph.
    expect((await listAll(`${USER}/mailFolders/inbox/childFolders`)).folders).toEqual(folders);
    const clients = folders[0]!;
    const grandchildren = await listAll(`${USER}/mailFolders/${clients.id}/childFolders`);
    expect(grandchildren.folders.map((f) => [f.displayName, f.parentFolderId])).toEqual([
      ['Contoso', clients.id],
    ]);
    const leaf = await listAll(`${USER}/mailFolders/${grandchildren.folders[0]!.id}/childFolders`);
    expect(leaf).toEqual({ folders: [], pages: 1 });
  });

  it('serves messages, $count and delta of a nested folder, and counts it in the truth', async () => {
    const clients = await folderNamed('Clients', `${USER}/mailFolders/inbox/childFolders`);
    const contoso = await folderNamed('Contoso', `${USER}/mailFolders/${clients.id}/childFolders`);
    expect(contoso.totalItemCount).toBeGreaterThan(0);
    const counted = await get(
      `${USER}/mailFolders/${contoso.id}/messages?$top=1&$count=true&$select=parentFolderId`,
      { ...AUTH, ConsistencyLevel: 'eventual' },
    );
    expect(counted.body['@odata.count']).toBe(contoso.totalItemCount);
    expect(counted.body.value[0]).toMatchObject({ parentFolderId: contoso.id });
    const delta = await get(`${USER}/mailFolders/${contoso.id}/messages/delta?$top=1000`, {
      ...AUTH,
      Prefer: 'odata.maxpagesize=1000',
    });
    expect(delta.body.value).toHaveLength(contoso.totalItemCount);
    expect(delta.body['@odata.deltaLink']).toEqual(expect.any(String));
    const tree = await walk(`${USER}/mailFolders`);
    expect(sandbox.truth('user_3001', 'mail_folders').count).toBe(tree.length);
    expect(tree).toHaveLength(12);
    // Every message sits in some folder of the tree, nested ones included.
    const total = tree.reduce((sum, f) => sum + f.totalItemCount, 0);
    expect(sandbox.truth('user_3001', 'messages').count).toBe(total);
  });

  it('adds mutated messages to a nested folder, and its delta reports exactly them', async () => {
    const contoso = await folderNamed(
      'Contoso',
      `${USER}/mailFolders/${(await folderNamed('Clients', `${USER}/mailFolders/inbox/childFolders`)).id}/childFolders`,
    );
    const round = await get(`${USER}/mailFolders/${contoso.id}/messages/delta`, {
      ...AUTH,
      Prefer: 'odata.maxpagesize=1000',
    });
    const before = sandbox.truth('user_3001', 'messages');
    expect(sandbox.mutate('user_3001', { add: { count: 3, folderId: contoso.id } })).toEqual({
      added: 3,
      updated: 0,
      removed: 0,
      removedFolders: 0,
    });
    expect(sandbox.truth('user_3001', 'messages').count).toBe(before.count + 3);
    const changes = await get(round.body['@odata.deltaLink']!);
    expect(changes.body.value).toHaveLength(3);
    const after = await get(`${USER}/mailFolders/${contoso.id}`);
    expect((after.body as unknown as Folder).totalItemCount).toBe(contoso.totalItemCount + 3);
  });
});

describe('deleting folders', () => {
  it('refuses a distinguished or unknown folder and changes nothing', async () => {
    const before = sandbox.truth('user_3001', 'mail_folders');
    const inbox = (await get(`${USER}/mailFolders/inbox`)).body as unknown as Folder;
    expect(() => sandbox.mutate('user_3001', { removeFolders: [inbox.id] })).toThrow(
      /distinguished folder/,
    );
    expect(() =>
      sandbox.mutate('user_3001', { add: 2, removeFolders: ['AAMkNoSuchFolder'] }),
    ).toThrow(/Unknown mail folder/);
    expect(sandbox.truth('user_3001', 'mail_folders')).toEqual(before);
  });

  it('deletes a folder with its subfolders and messages; its endpoints answer 404', async () => {
    const clients = await folderNamed('Clients', `${USER}/mailFolders/inbox/childFolders`);
    const contoso = await folderNamed('Contoso', `${USER}/mailFolders/${clients.id}/childFolders`);
    const folders = sandbox.truth('user_3001', 'mail_folders').count;
    const messages = sandbox.truth('user_3001', 'messages').count;
    expect(sandbox.mutate('user_3001', { removeFolders: [clients.id] })).toMatchObject({
      removedFolders: 2,
    });
    expect(sandbox.truth('user_3001', 'mail_folders').count).toBe(folders - 2);
    expect(sandbox.truth('user_3001', 'messages').count).toBe(
      messages - clients.totalItemCount - contoso.totalItemCount,
    );
    const gone = await get(`${USER}/mailFolders/${contoso.id}/messages/delta`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('ErrorItemNotFound');
    const inbox = (await get(`${USER}/mailFolders/inbox`)).body as unknown as Folder;
    expect(inbox.childFolderCount).toBe(1);
  });
});
