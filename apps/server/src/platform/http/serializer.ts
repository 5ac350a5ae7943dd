import fastJsonStringify from 'fast-json-stringify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

// Responses are written by a stringify function compiled once per route from the zod response
// schema (via its JSON Schema), instead of running zod over every payload and then JSON.stringify
// (the type provider's default, about a third of a small GET's cost). The compiled writer keeps
// the schema's promise on what leaves the server: only declared fields are written. With
// `validate` (tests, and any deployment that sets RESPONSE_VALIDATION=1) zod still checks every
// payload first, so a service that returns the wrong shape fails loudly where it is caught.

type JsonSchema = Record<string, unknown>;
type Stringify = (data: unknown) => string;

/** `anyOf: [{type: T}, {type: 'null'}]` → `type: [T, 'null']`: the compiled writer handles the
 * latter directly, while anyOf makes it try each branch with a validator on every payload. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = simplify(value);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullIndex = anyOf.findIndex((s) => s.type === 'null' && Object.keys(s).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex >= 0 && other && typeof other.type === 'string' && other.type !== 'object' && other.type !== 'array' && !('$ref' in other)) {
      delete out.anyOf;
      Object.assign(out, other, { type: [other.type, 'null'] });
    }
  }
  return out;
}

function resolveZod(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const props = (schema as { properties?: unknown } | null)?.properties;
  if (props instanceof z.ZodType) return props;
  throw new Error(`Response schema is not a zod schema: ${JSON.stringify(schema)}`);
}

/** A compiled writer for `schema`, or null when the schema has no JSON Schema form (dates, transforms). */
export function compileStringify(schema: z.ZodType): Stringify | null {
  let json: unknown;
  try {
    json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw', cycles: 'ref', reused: 'inline' });
  } catch {
    return null;
  }
  return fastJsonStringify(simplify(json) as Parameters<typeof fastJsonStringify>[0]) as Stringify;
}

export function createSerializerCompiler(opts: { validate: boolean }) {
  return ({ schema, method, url }: { schema: unknown; method: string; url: string }): Stringify => {
    const zodSchema = resolveZod(schema);
    const compiled = compileStringify(zodSchema);
    return (data) => {
      if (opts.validate || !compiled) {
        const result = z.safeEncode(zodSchema, data);
        if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
        return compiled ? compiled(result.data) : JSON.stringify(result.data);
      }
      return compiled(data);
    };
  };
}
