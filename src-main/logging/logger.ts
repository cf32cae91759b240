import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

interface Sink {
  write(line: string, level: LogLevel): void;
}

/**
 * Structured logging: one JSON object per line in `<dataDir>/logs/nightshift.log`. Writes are
 * synchronous so the last lines before a crash are on disk. `echo` mirrors warnings and errors to stderr.
 */
export function createFileLogger(dataDir: string, options: { level?: LogLevel; echo?: boolean; now?: () => number } = {}): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'nightshift.log');
  const echo = options.echo ?? true;
  const sink: Sink = {
    write(line, level) {
      // Logging must never be the thing that fails: if the file cannot be written (disk full, data
      // dir removed), the line goes to stderr instead.
      let written = true;
      try {
        appendFileSync(file, line + '\n');
      } catch {
        written = false;
      }
      if (!written || (echo && ORDER[level] >= ORDER.warn)) process.stderr.write(line + '\n');
    },
  };
  return makeLogger(sink, options.level ?? 'info', 'core', options.now ?? Date.now);
}

/** A logger that keeps lines in memory (tools and tests that have no data dir). */
export function createMemoryLogger(lines: string[] = []): Logger {
  return makeLogger({ write: (line) => lines.push(line) }, 'debug', 'core', Date.now);
}

function makeLogger(sink: Sink, minLevel: LogLevel, component: string, now: () => number): Logger {
  const log =
    (level: LogLevel) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (ORDER[level] < ORDER[minLevel]) return;
      sink.write(JSON.stringify({ t: new Date(now()).toISOString(), level, component, msg, ...fields }), level);
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (name) => makeLogger(sink, minLevel, `${component}.${name}`, now),
  };
}
