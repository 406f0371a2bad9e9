/**
 * The overlay's stylesheet. `:host` rules are `!important`: in the cascade an important rule of
 * the shadow tree beats the page's important rules, so store CSS can neither hide nor restyle the
 * panel (https://drafts.csswg.org/css-cascade-5/#cascade-context). `all: initial` stops inherited
 * fonts and colours of the page at the door.
 */
const CSS = `
:host{all:initial!important;position:fixed!important;z-index:2147483647!important;display:block!important}
:host(.tl),:host(.tr){top:8px!important}:host(.bl),:host(.br){bottom:8px!important}
:host(.tl),:host(.bl){left:8px!important}:host(.tr),:host(.br){right:8px!important}
.wm{--bg:#fff;--fg:#1b1b1f;--mu:#5c5e6b;--bd:#d3d4dc;--hi:#f0f1f5;--ac:#2553d8;--ok:#17774a;--wa:#935600;--ba:#c0262d;
color-scheme:light;font:12px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);text-align:left}
@media(prefers-color-scheme:dark){.wm{--bg:#1b1c22;--fg:#ececf2;--mu:#a3a5b3;--bd:#3b3d48;--hi:#282a34;--ac:#8aa8ff;--ok:#5fd08f;--wa:#f0b54a;--ba:#ff8080;color-scheme:dark}}
[hidden]{display:none!important}
.p,.bd{background:var(--bg);border:1px solid var(--bd);border-radius:8px;box-shadow:0 6px 24px #0005}
.p{display:flex;flex-direction:column;width:min(440px,calc(100vw - 18px));max-height:min(620px,calc(100vh - 18px));overflow:hidden}
header,.fl{display:flex;align-items:center;gap:4px;padding:6px 8px;border-bottom:1px solid var(--bd)}
h2{font-size:13px;margin:0}h3{font-size:11px;margin:0 0 2px;color:var(--mu)}
.n{flex:1;color:var(--mu)}
button,select{font:inherit;color:inherit;background:var(--hi);border:1px solid var(--bd);border-radius:4px;padding:2px 6px;cursor:pointer}
button[aria-pressed=true]{background:var(--ac);color:var(--bg)}
:focus-visible{outline:2px solid var(--ac);outline-offset:1px}
.bd{padding:6px 10px;font-weight:600}
.jr,.vt,.gw{padding:6px 8px;border-bottom:1px solid var(--bd)}
ol,ul{list-style:none;margin:0;padding:0}
.sg,.lf{display:flex;gap:3px;margin-bottom:4px;flex-wrap:wrap}
.b{border-radius:9px;padding:0 7px;color:#fff;background:#666;white-space:nowrap}
.s-awareness{background:#2459c4}.s-consideration{background:#6c3fc8}.s-purchase{background:#17774a}.s-retention{background:#935600}.s-advocacy{background:#b0246b}
.sg .off{background:none;color:var(--mu);outline:1px dashed var(--bd)}
.lf li{color:var(--mu);padding:0 4px}.lf li+li:before{content:"› "/"";color:var(--mu)}.lf .on{color:var(--fg);font-weight:700}
dl{display:grid;grid-template-columns:auto 1fr;gap:0 8px;margin:0}dt{color:var(--mu)}dd{margin:0;overflow-wrap:anywhere}
.gw li,.ws li{color:var(--wa)}
.fl select{flex:1;min-width:0}
.ls{overflow:auto;flex:1;min-height:60px}
.ev{border-bottom:1px solid var(--bd)}.ev.warn{border-left:3px solid var(--wa)}
.row{display:flex;gap:6px;align-items:center;width:100%;border:0;border-radius:0;background:none;padding:4px 8px;text-align:left}
.row:hover{background:var(--hi)}
.ty{font-weight:600;overflow-wrap:anywhere;flex:1}.lc,.tm{color:var(--mu)}
.st{min-width:4em;text-align:right}.sent{color:var(--ok)}.retrying{color:var(--wa)}.dropped{color:var(--ba)}.queued{color:var(--mu)}
.ws{padding:0 8px 4px 12px}
.pl{padding:4px 8px 8px;background:var(--hi);font:11px/1.45 ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.tr .tr{padding-left:14px}.k{color:var(--mu)}.string{color:var(--ok)}.number,.boolean{color:var(--ac)}
.r-good{color:var(--ok)}.r-needs-improvement{color:var(--wa)}.r-poor{color:var(--ba)}
.e{padding:8px;color:var(--mu)}
.cp{position:fixed;opacity:0}
`;

/**
 * Style a shadow root without inline `<style>` or `style=""`, which a strict CSP
 * (`style-src 'self'`) blocks: a constructable stylesheet is not subject to `style-src`.
 * Browsers without constructable stylesheets (Safari before 16.4) get a `<style>` element.
 */
export const adoptStyles = (root: ShadowRoot): void => {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
};
