// Stylesheets are imported for esbuild, which bundles them into the one CSS file index.html links.
declare module '*.css';
