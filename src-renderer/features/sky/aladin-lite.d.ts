/** aladin-lite ships no type declarations; aladin-types.ts declares the subset the atlas uses. */
declare module 'aladin-lite' {
  const A: unknown;
  export default A;
}
