import { z } from 'zod';

/**
 * The one id schema of the API (issue 18, item 7): every id a route takes in its path, query or
 * body — alone or in a list — is a positive integer within its database column, so an id that
 * cannot exist is the caller's 400 `validation_failed` and never reaches the database (where
 * PostgreSQL would refuse it as "out of range" and the caller would see a 500).
 *
 * Most tables number their rows with `integer` (units, users, frameworks and nodes, sites, rounds,
 * teams, assignments, notices, bulletins, exposures, API keys…). Cases, their events, notifications
 * and the audit trail use `bigint`, read as JS numbers, so exact only up to 2^53 − 1.
 */
export const INT_ID_MAX = 2_147_483_647;
export const BIGINT_ID_MAX = Number.MAX_SAFE_INTEGER;

// The range is checked first and each check stops the rest, so a bad id gets one message, the
// one that says what is wrong (zod's `int` would add its own bound of 2^53 − 1 to ours).
/** An id in a JSON body (an `integer` column). */
export const id = z.number().max(INT_ID_MAX, { abort: true }).int({ abort: true }).min(1);
/** An id in a path or query string (text, converted): `abc`, `1.5`, `0`, `-1`, `2147483648` are refused. */
export const idParam = z.coerce.number().max(INT_ID_MAX, { abort: true }).int({ abort: true }).min(1);
/** An id of a `bigint` column (cases, case events, notifications) in a JSON body. */
export const bigId = z.number().max(BIGINT_ID_MAX, { abort: true }).int({ abort: true }).min(1);
/** An id of a `bigint` column in a path or query string. */
export const bigIdParam = z.coerce.number().max(BIGINT_ID_MAX, { abort: true }).int({ abort: true }).min(1);
