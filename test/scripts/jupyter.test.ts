import { test } from "node:test";
import * as assert from "node:assert/strict";
import { jupyterArgs } from "../../scripts/jupyter";

test("as root, npm run notebook and npm run lab pass --allow-root and say so; otherwise they pass nothing more", () => {
  assert.deepEqual(jupyterArgs("lab", ["--port", "9000"], 0).args, ["lab", "--port", "9000", "--allow-root"]);
  assert.match(jupyterArgs("notebook", [], 0).note!, /running as root, so --allow-root is passed/);
  assert.deepEqual(jupyterArgs("notebook", ["--allow-root"], 0), { args: ["notebook", "--allow-root"], note: null });
  assert.deepEqual(jupyterArgs("notebook", [], 1000), { args: ["notebook"], note: null });
  assert.deepEqual(jupyterArgs("lab", [], null), { args: ["lab"], note: null });
});
