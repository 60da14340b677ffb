/**
 * danfojs declares its types only under package.json "exports", which the Node10 module resolution of
 * the tslab kernel (and of this project's tsc) does not read. This maps the package name to its
 * declaration file so `import * as dfd from "danfojs"` type-checks in notebooks and tests alike.
 */
declare module "danfojs" {
  export * from "danfojs/dist/danfojs-browser/src/index";
}
