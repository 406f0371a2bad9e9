// What ships must run under a strict Content-Security-Policy and Trusted Types: no code from strings,
// no markup from strings. Scans every JavaScript file under dist/ (`npm test` builds first).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.m?js$/.test(name) ? [p] : [];
  });

/** Forbidden constructs and why. */
const FORBIDDEN: [RegExp, string][] = [
  [/\beval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function'],
  [/(^|[^\w$])Function\s*\(\s*["'`]/, 'Function("...") without new'],
  [/\bdocument\s*\.\s*write(ln)?\s*\(/, 'document.write'],
  [/\bset(Timeout|Interval)\s*\(\s*["'`]/, 'a timer given a string'],
  [/\.(innerHTML|outerHTML)\s*[+]?=(?!=)/, 'an innerHTML / outerHTML sink'],
  [/\.insertAdjacentHTML\s*\(/, 'insertAdjacentHTML'],
  [/\bcreateContextualFragment\s*\(/, 'createContextualFragment'],
  [/\bsrcdoc\s*=/, 'srcdoc'],
];

describe('dist/ runs under a strict CSP', () => {
  const list = files('dist');

  it('has files to scan', () => expect(list.some((f) => f.endsWith('waymark.js'))).toBe(true));

  it.each(list)('%s: no eval, new Function, document.write, string timers or HTML sinks', (file) => {
    const code = readFileSync(file, 'utf8');
    const found = FORBIDDEN.filter(([re]) => re.test(code)).map(([, what]) => what);
    expect(found).toEqual([]);
  });

  it('the scan itself catches each construct', () => {
    const samples = ['eval("1")', 'new Function("a")', 'x=Function("return this")', 'document.write("<b>")', 'setTimeout("go()",1)', "setInterval('go()')", 'el.innerHTML=s', 'el.outerHTML += s', 'el.insertAdjacentHTML("beforeend",s)'];
    for (const s of samples) expect(FORBIDDEN.some(([re]) => re.test(s)), s).toBe(true);
    for (const s of ['a.evaluate(1)', 'el.innerHTML==s', 'setTimeout(go,1)', 'retrieval(1)']) expect(FORBIDDEN.some(([re]) => re.test(s)), s).toBe(false);
  });
});
