/**
 * An Iglu validator for the format tests: Snowplow's schemas (Iglu Central copies in the shared
 * fixtures) and Waymark's (`schema/iglu/`), compiled with Ajv; `validateBody` finds every error a
 * Snowplow pipeline would find in one request body of the Snowplow format.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

export const FIXTURES = '/work/shared/fixtures/snowplow-iglu';
export const OURS = path.resolve(import.meta.dirname, '../../schema/iglu');
export const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';

/** Every `.json` file under `dir`. */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.json') ? [path.join(dir, d.name)] : [],
  );

/**
 * Iglu schemas declare the self-describing meta-schema: JSON Schema (draft-04) whose documents also
 * carry `self` {vendor, name, format, version}. We register that meta-schema (the `self` rules of
 * Iglu Central's, on top of the JSON Schema meta-schema Ajv has) so every schema, ours included,
 * is itself checked. Ajv has no draft-04 mode; the schemas are read under draft-07, which agrees
 * with draft-04 on every keyword they use (the test below makes sure no draft-04-only form appears).
 */
const IGLU_META = {
  $id: SELF_DESC,
  $schema: 'http://json-schema.org/draft-07/schema#',
  allOf: [
    {
      properties: {
        self: {
          type: 'object',
          properties: {
            vendor: { type: 'string', pattern: '^[a-zA-Z0-9-_.]+$' },
            name: { type: 'string', pattern: '^[a-zA-Z0-9-_]+$' },
            format: { type: 'string', pattern: '^[a-zA-Z0-9-_]+$' },
            version: { type: 'string', pattern: '^[0-9]+-[0-9]+-[0-9]+$' },
          },
          required: ['vendor', 'name', 'format', 'version'],
          additionalProperties: false,
        },
      },
      required: ['self'],
    },
    { $ref: 'http://json-schema.org/draft-07/schema#' },
  ],
};

/**
 * `multipleOf: 0.01` on money: Snowplow validates it in decimal arithmetic, where 12.99 is a
 * multiple of 0.01; in binary floating point 12.99 / 0.01 is 1299.0000000000002. The precision
 * option makes Ajv compare like a decimal validator; 12.345 still fails (see the rounding test).
 */
export const ajv = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 9 });
ajv.addVocabulary(['self']);
ajv.addMetaSchema(IGLU_META);

/** Iglu URI → compiled schema, from the fixtures (Iglu Central) or Waymark's `schema/iglu/`. */
export const validators = new Map<string, ValidateFunction>();
export const schemaFiles = [...files(FIXTURES), ...files(OURS)];
for (const file of schemaFiles) {
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  const { vendor, name, format, version } = schema.self;
  validators.set(`iglu:${vendor}/${name}/${format}/${version}`, ajv.compile(schema));
}

/** Errors of `data` against the schema `uri` names; an unknown schema is an error too. */
export const problems = (uri: string, data: unknown, where: string): string[] => {
  const validate = validators.get(uri);
  if (!validate) return [`${where}: no schema ${uri}`];
  return validate(data) ? [] : validate.errors!.map((e) => `${where} (${uri}) ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
};

export const decode = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));

/** Every error a Snowplow pipeline would find in one request body. */
export const validateBody = (body: string): string[] => {
  const { schema, data } = JSON.parse(body);
  const out = problems(schema, data, 'body');
  for (const [i, ev] of (data as Record<string, string>[]).entries()) {
    const co = ev.co ? JSON.parse(ev.co) : ev.cx ? decode(ev.cx) : undefined;
    if (!co) out.push(`event ${i}: no entities`);
    else {
      out.push(...problems(co.schema, co.data, `event ${i} contexts`));
      for (const [j, entity] of co.data.entries()) out.push(...problems(entity.schema, entity.data, `event ${i} entity ${j}`));
    }
    const ue = ev.ue_pr ? JSON.parse(ev.ue_pr) : ev.ue_px ? decode(ev.ue_px) : undefined;
    if (ev.e == 'ue' && !ue) out.push(`event ${i}: e=ue without ue_pr`);
    if (ue) {
      out.push(...problems(ue.schema, ue.data, `event ${i} unstruct_event`));
      out.push(...problems(ue.data.schema, ue.data.data, `event ${i} event`));
    }
  }
  return out;
};

/** One event as a collector would read it back: fields, entities by schema name, the event. */
export const read = (ev: Record<string, string>) => {
  const co = ev.co ? JSON.parse(ev.co) : decode(ev.cx!);
  const ue = ev.ue_pr ? JSON.parse(ev.ue_pr) : ev.ue_px ? decode(ev.ue_px) : undefined;
  const entities = (name: string) => co.data.filter((x: any) => x.schema.split('/')[1] == name).map((x: any) => x.data);
  return { ev, entities, event: ue?.data };
};

