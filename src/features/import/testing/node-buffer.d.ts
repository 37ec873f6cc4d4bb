// The SPA compiles without Node's types; its tests need only these two, which Node implements as the browser does.
declare module 'node:buffer' {
  export const Blob: typeof globalThis.Blob;
  export const File: typeof globalThis.File;
}
