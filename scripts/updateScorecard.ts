/**
 * Rewrites the README's scorecard from the committed notebooks' verdicts (what
 * `npm run reproduce -- --update` does at its end), for a change of the scorecard's format alone.
 */
import { updateReadmeScorecard } from "./scorecard";

console.log(updateReadmeScorecard() ? "README.md scorecard updated" : "README.md scorecard already up to date");
