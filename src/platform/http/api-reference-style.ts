/**
 * The API reference page's style sheet, served at `/api/docs/reference.css` (the CSP allows
 * style sheets from the same origin only, no inline style). Contrast at least 4.5:1, a visible
 * focus ring, one column on a phone.
 */
export const API_REFERENCE_CSS = `
:root { color-scheme: light; --ink: #1b1b1f; --muted: #4a4a55; --line: #c9c9d2; --accent: #1d4ed8; --bg: #ffffff; --panel: #f4f4f7; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; color: var(--ink); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; padding: 0.5rem 0.75rem; background: var(--ink); color: #fff; z-index: 1; }
.skip-link:focus { top: 0.5rem; }
.banner { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: 0.75rem 1.25rem; border-bottom: 1px solid var(--line); }
.brand { margin: 0; font-weight: 700; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; max-width: 80rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
@media (min-width: 64rem) {
  .layout { grid-template-columns: 20rem minmax(0, 1fr); }
  .toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; }
}
.toc h2 { font-size: 1.1rem; }
.toc ul { list-style: none; margin: 0; padding-left: 0; }
.toc ul ul { padding-left: 0.75rem; margin-bottom: 0.5rem; font-size: 0.9rem; }
.toc li { margin: 0.15rem 0; }
main { min-width: 0; }
main:focus { outline: none; }
h1 { font-size: 2rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; border-bottom: 2px solid var(--line); padding-bottom: 0.25rem; }
h3 { font-size: 1.15rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.operation { border: 1px solid var(--line); border-radius: 0.5rem; padding: 1rem; margin: 1rem 0; background: var(--bg); }
.method { display: inline-block; min-width: 4.2em; text-align: center; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; font-weight: 700; padding: 0.05rem 0.35rem; border-radius: 0.25rem; background: #374151; color: #ffffff; }
.method-get { background: #1e40af; }
.method-post { background: #166534; }
.method-put, .method-patch { background: #92400e; }
.method-delete { background: #991b1b; }
.toc .method { min-width: 3.6em; font-size: 0.75em; }
.access { color: var(--muted); }
.fields { padding-left: 1.1rem; margin: 0.25rem 0; }
.fields li { margin: 0.3rem 0; }
.name { font-weight: 700; }
.type, .where { color: var(--muted); }
.required { color: #991b1b; font-weight: 600; }
.optional { color: var(--muted); }
.constraints { color: var(--muted); }
.responses dt { font-weight: 700; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin-top: 0.5rem; }
.responses dd { margin-left: 1rem; }
details { margin: 0.25rem 0; padding: 0.25rem 0.5rem; background: var(--panel); border-radius: 0.25rem; }
summary { cursor: pointer; padding: 0.25rem 0; }
`;
