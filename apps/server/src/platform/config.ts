import path from 'node:path';

// All configuration comes from the environment; defaults run the whole platform embedded.
export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Origin that public links (Open311 discovery url, media_url) are built from; never the Host header. */
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  sessionSecret: string;
  sessionHours: number;
  trustProxy: boolean;
  bodyLimit: number;
  logLevel: string;
  webDist: string | null;
  loginRateLimit: { max: number; windowMs: number };
  lockout: { maxFailures: number; minutes: number };
  sessionCacheMs: number;
  /** Check every response against its zod schema before writing it (tests; RESPONSE_VALIDATION=1). */
  validateResponses: boolean;
  /** Optional map tile URL template (e.g. a 天地图 or GCJ-02 provider); the default map needs none. */
  tileUrl: string | null;
  tileAttribution: string | null;
  /** How often the overdue job runs (ms); 0 = never (tests run it by hand). */
  caseJobIntervalMs: number;
  /** Citizens and Open311 (issue 6): per-IP limits per minute, the default per-key limit,. */
  citizens: {
    submitPerMinute: number;
    readPerMinute: number;
    open311PerMinute: number;
    open311KeyPerMinute: number;
  };
};

/** Used only outside production; production refuses to start with it. */
export const DEV_SESSION_SECRET = 'chuangwen-development-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
    return value;
  };
  return {
    env: mode,
    port: int('PORT', 3000),
    // Loopback unless asked: the demo accounts' password is published (HOST=0.0.0.0 opens it to a LAN).
    host: env.HOST || '127.0.0.1',
    publicUrl: publicUrlOf(env),
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    sessionSecret: env.SESSION_SECRET || (mode === 'production' ? '' : DEV_SESSION_SECRET),
    sessionHours: int('SESSION_HOURS', 12),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    bodyLimit: int('BODY_LIMIT_BYTES', 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    webDist: env.WEB_DIST === '' ? null : path.resolve(env.WEB_DIST ?? 'apps/web/dist'),
    loginRateLimit: { max: int('LOGIN_RATE_LIMIT', 20), windowMs: 60_000 },
    lockout: { maxFailures: int('LOCKOUT_FAILURES', 5), minutes: int('LOCKOUT_MINUTES', 15) },
    sessionCacheMs: int('SESSION_CACHE_MS', 5_000),
    validateResponses: env.RESPONSE_VALIDATION ? env.RESPONSE_VALIDATION === '1' : mode === 'test',
    tileUrl: env.TILE_URL || null,
    tileAttribution: env.TILE_ATTRIBUTION || null,
    caseJobIntervalMs: int('CASE_JOB_INTERVAL_MS', mode === 'test' ? 0 : 60_000),
    citizens: {
      submitPerMinute: int('CITIZEN_SUBMIT_RATE_LIMIT', 10),
      readPerMinute: int('PUBLIC_READ_RATE_LIMIT', 120),
      open311PerMinute: int('OPEN311_IP_RATE_LIMIT', 120),
      open311KeyPerMinute: int('OPEN311_KEY_RATE_LIMIT', 60),
    },
  };
}

/** PUBLIC_URL without a trailing slash; by default this machine's own address (embedded default). */
function publicUrlOf(env: NodeJS.ProcessEnv): string {
  const raw =
    env.PUBLIC_URL ||
    `http://${!env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT || 3000}`;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_URL must be an http(s) URL, got "${raw}"`);
  return url.toString().replace(/\/+$/, '');
}
