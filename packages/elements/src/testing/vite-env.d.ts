// Vite import suffixes used by the stories (Storybook builds them with Vite): `?raw` gives a
// file's text, `?url` its served URL. Not part of the published build.
declare module '*?raw' {
  const text: string;
  export default text;
}
declare module '*?url' {
  const url: string;
  export default url;
}
