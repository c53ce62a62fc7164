// Prisma's schema engine compiled to WebAssembly (`@prisma/schema-engine-wasm`, a devDependency),
// driven through the pg driver adapter. The native schema-engine binary that `prisma migrate` uses
// is downloaded from a host these machines cannot reach; the wasm build comes from npm and works
// offline. Used only to write new migrations and to prove the migrations match schema.prisma —
// never at run time.
//
// The package's own entry imports its .wasm as an ES module (needs --experimental-wasm-modules);
// we instantiate the same bytes by hand instead, so no Node flag and no bundler plugin is needed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { MIGRATIONS_TABLE } from '../migrations/applyMigrations.ts';

export type { SchemaEngine };

/** Absolute path of schema.prisma. */
export const SCHEMA_PATH = path.resolve(import.meta.dirname, '../../schema.prisma');

let initialised: Promise<void> | undefined;

/** The part of the WebAssembly global we use (its types live in lib.dom, which this package does not load). */
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: { __wbindgen_start(): void } } }>;
}

function wasmApi(): WasmApi {
  return (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
}

/** The engine reports Rust panics through this global before throwing a bare RuntimeError. */
class PanicRegistry {
  message = '';
  get(): string {
    return this.message;
  }
  set_message(message: string): void {
    this.message = `RuntimeError: ${message}`;
  }
}

const panics = new PanicRegistry();

async function initialiseWasm(): Promise<void> {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY ??= panics;
  const require = createRequire(import.meta.url);
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await fs.readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'));
  const { instance } = await wasmApi().instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

export interface OpenedSchemaEngine {
  engine: SchemaEngine;
  /** The schema.prisma text the engine was opened with. */
  schema: string;
  /** Frees the engine and closes its database connections. */
  close(): Promise<void>;
}

/**
 * Opens the wasm schema engine on the database at `url`, with schema.prisma (or `schemaText`) as
 * its datamodel. Close it when done: it holds a connection pool.
 */
export async function openSchemaEngine(url: string, schemaText?: string): Promise<OpenedSchemaEngine> {
  initialised ??= initialiseWasm();
  await initialised;
  const schema = schemaText ?? (await fs.readFile(SCHEMA_PATH, 'utf8'));
  const pool = createIntrospectionPool(url);
  const factory = bindMigrationAwareSqlAdapterFactory(createAdapterFactory(pool));
  const logs: string[] = [];
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    (line: string) => logs.push(line),
    factory,
  );
  return {
    engine,
    schema,
    async close(): Promise<void> {
      engine.free();
      await pool.end();
    },
  };
}

/** Adds the Rust panic message, when there is one, to an error thrown by the engine. */
export function withPanicMessage(error: unknown): Error {
  const panic = panics.message;
  panics.message = '';
  if (error instanceof Error && panic !== '') {
    return new Error(`${error.message}: ${panic}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Result rows of queries that had `"char"` columns → the indexes of those columns. */
const charColumns = new WeakMap<object, number[]>();

/**
 * PostgreSQL's internal one-byte `"char"` type (pg_constraint.contype, pg_class.relkind, … which the
 * engine's introspection selects) has no mapping in @prisma/adapter-pg 7.10, which fails with
 * "Column type 'char' could not be deserialized". This pool reports such columns as `text` to the
 * adapter (node-postgres already returns them as strings) and remembers them, and
 * `reportCharColumns` then tells the engine they are `Character`, which is what it expects.
 * Remove when adapter-pg maps OID 18 itself.
 */
function createIntrospectionPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const patched = (...args: unknown[]): unknown => {
      // pg-pool's own query() passes a callback as the last argument.
      const last = args.at(-1);
      if (typeof last === 'function') {
        const callback = last as (error: unknown, result: unknown) => void;
        args[args.length - 1] = (error: unknown, result: unknown): void => callback(error, markCharColumns(result));
      }
      const result = query(...args);
      return result instanceof Promise ? result.then(markCharColumns) : result;
    };
    client.query = patched as typeof client.query;
  });
  return pool;
}

function markCharColumns(result: unknown): unknown {
  const { fields, rows } = (result ?? {}) as { fields?: unknown; rows?: unknown };
  if (!Array.isArray(fields) || !Array.isArray(rows)) return result;
  const indexes: number[] = [];
  (fields as Array<{ dataTypeID?: number }>).forEach((field, index) => {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      indexes.push(index);
    }
  });
  if (indexes.length > 0) charColumns.set(rows, indexes);
  return result;
}

function reportCharColumns(result: SqlResultSet): SqlResultSet {
  const indexes = charColumns.get(result.rows);
  if (!indexes) return result;
  const columnTypes = [...result.columnTypes];
  for (const index of indexes) columnTypes[index] = ColumnTypeEnum.Character;
  return { ...result, columnTypes };
}

function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver): unknown {
      if (property === 'queryRaw') {
        return async (query: SqlQuery): Promise<SqlResultSet> => reportCharColumns(await target.queryRaw(query));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** PrismaPg over `pool`, with the `"char"` fix on both the main and the shadow connection. */
function createAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPg(pool);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      return withCharColumns(await inner.connect());
    },
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      return withCharColumns(await inner.connectToShadowDb());
    },
  };
}

const EMPTY_MIGRATION = '-- This is an empty migration.';

/** Our migration runner's bookkeeping table is not part of schema.prisma. */
const filters = { externalTables: [`public.${MIGRATIONS_TABLE}`], externalEnums: [] };

/**
 * SQL that turns the database at `url` into what schema.prisma describes; empty when they agree.
 */
export async function diffDatabaseToSchema(url: string, schemaText?: string): Promise<string> {
  const opened = await openSchemaEngine(url, schemaText);
  try {
    const result = await opened.engine.diff({
      from: { tag: 'schemaDatasource', files: [{ path: 'schema.prisma', content: opened.schema }], configDir: path.dirname(SCHEMA_PATH) },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: opened.schema }] },
      script: true,
      exitCode: null,
      filters,
    });
    const sql = (result.stdout ?? '').trim();
    // The engine's script for "no difference" is this single comment.
    return sql === EMPTY_MIGRATION ? '' : sql;
  } catch (error) {
    throw withPanicMessage(error);
  } finally {
    await opened.close();
  }
}
