import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { classes, classTeachers } from "../schema";

/*
 * Who teaches a class: its owner (classes.instructor_id) and the co-teachers the owner added
 * (class_teachers). Every instructor query puts `teaches()` into its WHERE clause in place of an owner
 * check, so a co-teacher gets exactly what the owner gets and an instructor of neither gets nothing. Only
 * deleting a class and managing its co-teachers stay the owner's (compare classes.instructor_id).
 *
 * These take SQLite's table objects (or an alias the caller made from db.t) and work on PostgreSQL too: a
 * fragment renders only table and column names, the same in both schemas (db/schema-parity.test.ts), and
 * its one value, the instructor id, is a plain parameter. No column mapping is involved.
 */

/** The instructor teaches the `classes` row of the query (or of an alias of it). */
export function teaches(instructorId: number | Placeholder, table: { id: AnySQLiteColumn; instructorId: AnySQLiteColumn } = classes): SQL {
  return sql`(${table.instructorId} = ${instructorId} or exists (select 1 from ${classTeachers} where ${classTeachers.classId} = ${table.id} and ${classTeachers.instructorId} = ${instructorId}))`;
}

/** As `teaches`, for changes: an archived class is read-only for its instructors too (restoring it aside). */
export function teachesOpen(instructorId: number | Placeholder, table: { id: AnySQLiteColumn; instructorId: AnySQLiteColumn; archivedAt: AnySQLiteColumn } = classes): SQL {
  return sql`(${teaches(instructorId, table)} and ${table.archivedAt} is null)`;
}
