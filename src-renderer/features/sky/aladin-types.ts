/**
 * The subset of aladin-lite 3.8 (GPL-3, https://aladin.cds.unistra.fr) the atlas uses, declared here
 * so the rest of the code is typed and the package is only loaded by `loadAladin` (a dynamic import:
 * its ~2.4 MB with the embedded WASM core become a lazy chunk). Importing the module starts its WASM
 * initialisation, which rejects without WebGL2.
 */
export interface AladinInstance {
  gotoRaDec(raDeg: number, decDeg: number): void;
  setFoV(fovDeg: number): void;
  addOverlay(overlay: AladinOverlay): void;
  addCatalog(catalog: AladinCatalog): void;
  removeOverlays?(): void;
}

export interface AladinOverlay {
  add(shape: unknown): void;
  removeAll(): void;
}

export interface AladinCatalog {
  addSources(sources: unknown[]): void;
  removeAll(): void;
}

export interface AladinApi {
  /** Resolves once the WASM core is ready (a promise, not a function, in 3.8). */
  init: Promise<void>;
  aladin(element: HTMLElement, options: Record<string, unknown>): AladinInstance;
  graphicOverlay(options: Record<string, unknown>): AladinOverlay;
  polygon(raDec: [number, number][], options?: Record<string, unknown>): unknown;
  catalog(options: Record<string, unknown>): AladinCatalog;
  marker(raDeg: number, decDeg: number, options?: Record<string, unknown>): unknown;
  source(raDeg: number, decDeg: number, data?: Record<string, unknown>, options?: Record<string, unknown>): unknown;
}

/** Loads aladin-lite on first use and waits for its core; rejects when it cannot run (no WebGL2). */
export async function loadAladin(): Promise<AladinApi> {
  const mod = (await import('aladin-lite')) as { default: AladinApi };
  await mod.default.init;
  return mod.default;
}
