// The local-mode suites run `npm start`, which builds into dist/ first. They live in one test
// file so jest runs them one after the other: two builds writing dist/ at once would race.
import './local-smoke.suite';
import './playground.suite';
import './playground-follow.suite';
import './playground-search.suite';
