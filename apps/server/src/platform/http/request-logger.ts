import type { FastifyBaseLogger } from 'fastify';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Bindings = Record<string, unknown>;
type Pino = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

/**
 * A request's logger that becomes a real pino child (with the request id) only when something is
 * logged at an enabled level. Most requests log nothing at the production level, and building a
 * child per request (serialising its bindings) was a measurable share of a small GET.
 */
class RequestLogger {
  private real: FastifyBaseLogger | null = null;
  constructor(
    private readonly parent: Pino,
    private readonly bindings: Bindings,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings));
  }
  get level(): string {
    return this.real?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.logger.level = level;
  }
  private write(level: Level, args: unknown[]): void {
    if (!this.real && this.parent.isLevelEnabled && !this.parent.isLevelEnabled(level)) return;
    (this.logger[level] as (...a: unknown[]) => void)(...args);
  }
  fatal(...args: unknown[]) {
    this.write('fatal', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  info(...args: unknown[]) {
    this.write('info', args);
  }
  debug(...args: unknown[]) {
    this.write('debug', args);
  }
  trace(...args: unknown[]) {
    this.write('trace', args);
  }
  silent() {}
  child(bindings: Bindings, opts?: object): FastifyBaseLogger {
    return this.logger.child(bindings, opts);
  }
}

/** Fastify's `childLoggerFactory`: lazy children unless a route sets its own level or serializers. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: object): FastifyBaseLogger {
  if (Object.keys(opts).length > 0) return logger.child(bindings, opts);
  return new RequestLogger(logger as Pino, bindings) as unknown as FastifyBaseLogger;
}
