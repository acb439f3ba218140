// Entry point (`npm start` runs dist/src/index.js): everything is in ./start. Starting only when
// run as the program lets a test require this file, and all it imports, without opening a port.
import { start } from './start';

if (require.main === module) void start();
