/** Vite's `?url` imports: the URL of the emitted file (MapLibre's tile worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
