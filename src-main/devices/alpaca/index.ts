/**
 * The `alpaca` family: an ASCOM Alpaca HTTP client (device + management API, ImageBytes, UDP
 * discovery) and a spec-faithful Alpaca server exposing any Nightshift device.
 */
export { AlpacaClient } from './client';
export type { AlpacaCallOptions, AlpacaClientOptions, AlpacaConfiguredDevice, AlpacaDescription } from './client';
export { ALPACA_ERROR, alpacaError, alpacaErrorNumber } from './errors';
export { ELEMENT, IMAGE_BYTES_MIME, decodeImageArrayJson, decodeImageBytes, encodeImageBytes, readImageBytesHeader } from './image-bytes';
export type { ImageBytesHeader, RowMajorImage } from './image-bytes';
export { AlpacaServer } from './server';
export type { AlpacaServerOptions } from './server';
export { ALPACA_DISCOVERY_MESSAGE, ALPACA_DISCOVERY_PORT, AlpacaDiscoveryResponder, discoverAlpaca } from './discovery';
export type { DiscoveredServer, DiscoverOptions } from './discovery';
export { DEVICE_STATE_NAMES, OPERATION_ACTION } from './members-shared';
export type { DeviceStateEntry } from './members-shared';
export { deviceStateOf } from './device-state';
export {
  ALPACA_ON_TARGET_DEG,
  AlpacaCamera,
  AlpacaDevice,
  AlpacaDome,
  AlpacaFilterWheel,
  AlpacaFocuser,
  AlpacaMount,
  AlpacaRotator,
  AlpacaSafetyMonitor,
  AlpacaWeatherStation,
  createAlpacaDevice,
} from './adapters';
export type { AlpacaAdapterOptions, AlpacaConnectionMode, OperationStatus, PropNeed } from './adapters';
