/**
 * A self-contained query page for integrators (no CDN: these machines have no internet). Paste
 * an API key, write a query, run it; the schema is at /schema.graphql.
 */
export const EXPLORER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tributary GraphQL</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;display:grid;grid-template-rows:auto 1fr;height:100vh}
header{display:flex;gap:8px;align-items:center;padding:8px;background:#123;color:#fff}
header input{flex:1;font:inherit;padding:4px}
main{display:grid;grid-template-columns:1fr 1fr;gap:8px;padding:8px;min-height:0}
textarea,pre{font:13px ui-monospace,monospace;margin:0;border:1px solid #ccc;padding:8px;overflow:auto;min-height:0}
.col{display:grid;grid-template-rows:2fr 1fr;gap:8px;min-height:0}
</style></head>
<body>
<header><strong>Tributary GraphQL</strong>
<input id="key" placeholder="API key (trb_…)" autocomplete="off">
<button id="run">Run ▶</button><a href="/schema.graphql" style="color:#9cf">schema</a></header>
<main><div class="col"><textarea id="query">query {
  viewer { name }
  connections(first: 10) {
    edges { node { id provider externalAccountId status activeJob { id status progress { percent } } } }
  }
}</textarea><textarea id="vars" placeholder="variables (JSON)">{}</textarea></div>
<pre id="out"></pre></main>
<script>
const key = document.getElementById('key');
key.value = sessionStorage.getItem('tributaryKey') || '';
document.getElementById('run').onclick = async () => {
  sessionStorage.setItem('tributaryKey', key.value);
  const out = document.getElementById('out');
  out.textContent = '…';
  try {
    const res = await fetch(location.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key.value.trim() },
      body: JSON.stringify({ query: document.getElementById('query').value,
        variables: JSON.parse(document.getElementById('vars').value || '{}') }),
    });
    out.textContent = JSON.stringify(await res.json(), null, 2);
  } catch (e) { out.textContent = String(e); }
};
</script></body></html>`;
