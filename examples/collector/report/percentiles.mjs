// @ts-check
/**
 * p75 (nearest rank: the value at rank ⌊(3n + 3) / 4⌋ in ascending order) of each web-vital
 * metric's largest value per metric id, by stage, by page type and by both.
 *
 * Over every stored event the main table's indexes hold each group's values in order, so a p75 is
 * a count and a step to its rank (from the top: the shorter way), not a sort of every value; the few rows folded again into the
 * temporary tables are merged in (the rank can move by at most their number). Over a time range,
 * the values in the range are sorted.
 */
const NAMES = "('LCP', 'INP', 'CLS')";
/** The groups, by dimension: the columns and the index that holds their values in order. */
const DIMS = /** @type {const} */ ({
  stage: { cols: ['stage'], index: 'vitals_stage' },
  page: { cols: ['page_type'], index: 'vitals_page' },
  stage_page: { cols: ['stage', 'page_type'], index: 'vitals_stage_page' },
});
/** @typedef {{ dim: keyof typeof DIMS, grp: string, name: string, value: number, n: number }} P75 */

const rankOf = (/** @type {number} */ n) => Math.floor((3 * n + 3) / 4);
const ascending = (/** @type {number} */ a, /** @type {number} */ b) => a - b;
const groupOf = (/** @type {Record<string, any>} */ row, /** @type {readonly string[]} */ cols) => cols.map((c) => row[c]).join(' ');

/**
 * @param {import('better-sqlite3').Database} db
 * @param {import('./range.mjs').RangeView} r
 * @returns {P75[]}
 */
export const vitalsP75 = (db, r) => (r.whole ? ranked(db, r) : sorted(db, r));

/** Over a range: the range's values, sorted. */
const sorted = (/** @type {import('better-sqlite3').Database} */ db, /** @type {import('./range.mjs').RangeView} */ r) => {
  /** @type {Map<string, number[]>} */
  const groups = new Map();
  // Along the index by time: only the range's rows are read.
  const own = `SELECT name, stage, page_type, value FROM main.vitals INDEXED BY vitals_time WHERE ts < @to ${r.own('vitals')} AND name IN ${NAMES} AND value IS NOT NULL`;
  const rows = db.prepare(r.edges ? `${own} UNION ALL SELECT name, stage, page_type, value FROM temp.vitals WHERE name IN ${NAMES} AND value IS NOT NULL` : own);
  for (const row of /** @type {Iterable<Record<string, any>>} */ (rows.iterate(r.params))) {
    for (const [dim, { cols }] of Object.entries(DIMS)) {
      const k = `${dim}\t${groupOf(row, cols)}\t${row.name}`;
      const g = groups.get(k);
      if (g) g.push(Number(row.value));
      else groups.set(k, [Number(row.value)]);
    }
  }
  return [...groups].map(([k, values]) => {
    const [dim, grp, name] = k.split('\t');
    values.sort(ascending);
    return { dim: /** @type {keyof typeof DIMS} */ (dim), grp, name, value: values[rankOf(values.length) - 1], n: values.length };
  });
};

/** Over everything: counts and steps along the indexes, with the temporary rows merged in. */
const ranked = (/** @type {import('better-sqlite3').Database} */ db, /** @type {import('./range.mjs').RangeView} */ r) => {
  // One count per metric, stage and page type; the other groups' counts are their sums.
  const counts = /** @type {Record<string, any>[]} */ (
    db.prepare(`SELECT name, stage, page_type, count(*) AS n FROM main.vitals INDEXED BY vitals_stage_page WHERE name IN ${NAMES} AND value IS NOT NULL ${r.own('vitals')}
      GROUP BY name, stage, page_type`).all(r.params)
  );
  const extra = r.edges ? /** @type {Record<string, any>[]} */ (db.prepare(`SELECT name, stage, page_type, value FROM temp.vitals WHERE name IN ${NAMES} AND value IS NOT NULL`).all()) : [];
  /** @type {P75[]} */
  const out = [];
  for (const [dim, { cols, index }] of /** @type {[keyof typeof DIMS, typeof DIMS[keyof typeof DIMS]][]} */ (Object.entries(DIMS))) {
    /** @type {Map<string, { row: Record<string, any>, n: number, extra: number[] }>} */
    const groups = new Map();
    const into = (/** @type {Record<string, any>} */ row) => {
      const k = `${groupOf(row, cols)}\t${row.name}`;
      const g = groups.get(k) ?? { row, n: 0, extra: [] };
      groups.set(k, g);
      return g;
    };
    for (const row of counts) into(row).n += row.n;
    for (const row of extra) into(row).extra.push(Number(row.value));
    // From the top: p75 is nearer the largest values, so there are fewer steps to it.
    const step = db
      .prepare(`SELECT value FROM main.vitals INDEXED BY ${index} WHERE name = @name AND ${cols.map((c) => `${c} = @${c}`).join(' AND ')} AND value IS NOT NULL ${r.own('vitals')}
        ORDER BY value DESC LIMIT @limit OFFSET @offset`)
      .pluck();
    for (const [k, g] of groups) {
      const b = g.extra.length;
      const n = g.n + b;
      const top = n - rankOf(n) + 1; // the same value, counted from the largest
      // Values of the main table above rank top - b - 1 (from the top) come before the answer whatever the extra rows are.
      const skip = Math.max(0, top - b - 1);
      const near = g.n > skip ? /** @type {number[]} */ (step.all({ ...r.params, ...Object.fromEntries(cols.map((c) => [c, g.row[c]])), name: g.row.name, limit: top - skip, offset: skip })).map(Number) : [];
      const candidates = [...near, ...g.extra].sort((x, y) => y - x);
      out.push({ dim, grp: k.split('\t')[0], name: g.row.name, value: candidates[top - skip - 1], n });
    }
  }
  return out;
};
