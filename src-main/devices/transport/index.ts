export type { ByteLink, SerialOpenOptions, SerialPortLike } from './serial';
export { createLinkPair, linkFromSerialPort, openSerialLink } from './serial';
