/**
 * The byte link device drivers talk through, and the few `serialport` members we use (so tests can
 * feed bytes through an in-memory link, and the native module loads only when a serial device is used).
 */

/** A duplex byte link (serial port, pty, in-memory pair). */
export interface ByteLink {
  readonly isOpen: boolean;
  /** Writes and resolves once the bytes were handed to the OS (drained). */
  write(data: Uint8Array): Promise<void>;
  /** Subscribes to incoming bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the link closes (error = null for a normal close). */
  onClose(listener: (error: Error | null) => void): () => void;
  close(): Promise<void>;
}

/** The subset of serialport@13's `SerialPort` this module uses. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  write(data: Uint8Array, callback?: (error: Error | null | undefined) => void): boolean;
  drain(callback?: (error: Error | null) => void): void;
  close(callback?: (error?: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Uint8Array) => void): this;
  on(event: 'close', listener: (error?: Error | null) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  off(event: 'data' | 'close' | 'error', listener: (...args: never[]) => void): this;
}

export interface SerialOpenOptions {
  path: string;
  /** Default 9600 (LX200). 8N1, no flow control. */
  baudRate?: number;
}

/** Wraps an open serialport-like object as a ByteLink. */
export function linkFromSerialPort(port: SerialPortLike): ByteLink {
  const closeListeners = new Set<(error: Error | null) => void>();
  let closed = false;
  const fireClose = (error: Error | null): void => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l(error);
  };
  port.on('close', (error?: Error | null) => fireClose(error ?? null));
  port.on('error', (error: Error) => fireClose(error));
  return {
    get isOpen() {
      return port.isOpen && !closed;
    },
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(data, (error) => {
          if (error) return reject(error);
          port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
        });
      }),
    onData: (listener) => {
      port.on('data', listener);
      return () => port.off('data', listener);
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) {
          fireClose(null);
          return resolve();
        }
        port.close(() => {
          fireClose(null);
          resolve();
        });
      }),
  };
}

/**
 * Opens a serial device with `serialport` (imported lazily: the native binding loads only here).
 * Rejects with the OS error (e.g. ENOENT) — callers map it to `device.disconnected`.
 */
export async function openSerialLink(options: SerialOpenOptions): Promise<ByteLink> {
  const { SerialPort } = await import('serialport');
  const port = await new Promise<InstanceType<typeof SerialPort>>((resolve, reject) => {
    const p = new SerialPort(
      { path: options.path, baudRate: options.baudRate ?? 9600, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false },
      (error) => (error ? reject(error) : resolve(p)),
    );
  });
  return linkFromSerialPort(port as unknown as SerialPortLike);
}

/** Two connected in-memory links (a null-modem cable), for tests and benches without a pty. */
export function createLinkPair(): [ByteLink, ByteLink] {
  const make = (): { link: ByteLink; deliver: (c: Uint8Array) => void; shut: () => void; peer: { deliver: (c: Uint8Array) => void } | null } => {
    const dataListeners = new Set<(c: Uint8Array) => void>();
    const closeListeners = new Set<(e: Error | null) => void>();
    let open = true;
    const self = {
      peer: null as { deliver: (c: Uint8Array) => void } | null,
      deliver: (c: Uint8Array) => {
        if (!open) return;
        // Asynchronous delivery, like a real port.
        setImmediate(() => {
          for (const l of dataListeners) l(c);
        });
      },
      shut: () => {
        if (!open) return;
        open = false;
        for (const l of closeListeners) l(null);
      },
      link: null as unknown as ByteLink,
    };
    self.link = {
      get isOpen() {
        return open;
      },
      write: (data) => {
        if (!open) return Promise.reject(new Error('link closed'));
        self.peer?.deliver(Uint8Array.from(data));
        return Promise.resolve();
      },
      onData: (l) => {
        dataListeners.add(l);
        return () => dataListeners.delete(l);
      },
      onClose: (l) => {
        closeListeners.add(l);
        return () => closeListeners.delete(l);
      },
      close: () => {
        self.shut();
        return Promise.resolve();
      },
    };
    return self;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a.link, b.link];
}
