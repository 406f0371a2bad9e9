/**
 * Just enough Liquid to render the Shopify guide's snippet as a theme would: `{{ value | filter }}`
 * outputs, `{% if a == 'b' %}` blocks, and the `json`, `asset_url` and `divided_by` filters, with
 * `{%-`/`-%}` trimming. Anything else is an error, so the snippet cannot outgrow what is tested.
 */
type Scope = Record<string, unknown>;

const lookup = (scope: Scope, path: string): unknown =>
  /^'.*'$/.test(path) ? path.slice(1, -1) : path.split('.').reduce<any>((v, key) => v?.[key], scope);

const FILTERS: Record<string, (value: any, arg: string | undefined) => unknown> = {
  json: (v) => JSON.stringify(v),
  asset_url: (v) => '/' + v,
  divided_by: (v, arg) => v / Number(arg),
};

const output = (expression: string, scope: Scope) => {
  const [head, ...filters] = expression.split('|').map((s) => s.trim());
  return String(
    filters.reduce((value, f) => {
      const [name, arg] = f.split(':').map((s) => s.trim());
      const filter = FILTERS[name!];
      if (!filter) throw new Error(`liquid: no filter ${name}`);
      return filter(value, arg);
    }, lookup(scope, head!)),
  );
};

export const renderLiquid = (template: string, scope: Scope): string =>
  template
    .replace(/\s*\{%-|-%\}\s*/g, (m) => (m.includes('-%}') ? '%}' : '{%'))
    .replace(/\{%\s*if\s+([\w.]+)\s*==\s*'([^']*)'\s*%\}([\s\S]*?)\{%\s*endif\s*%\}/g, (_, path, value, body) =>
      lookup(scope, path) == value ? body : '',
    )
    .replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_, expression) => output(expression, scope))
    .replace(/\{%[\s\S]*?%\}/, (tag) => {
      throw new Error(`liquid: unsupported tag ${tag}`);
    });
