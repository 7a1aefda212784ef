#!/usr/bin/env node
// Test setup run before `npm test` (npm's pretest): installs what the real-part
// tests need. Each section is idempotent and says what it does.
console.log('opsdeck test setup: nothing to install yet');
