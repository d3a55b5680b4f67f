'use strict';

class Logger {
  #prefix = '[ext]';
  log(message) { turbine.logger.log(`${this.#prefix} ${message ?? ''}`); }
}
var logger = new Logger();
if (typeof turbine === 'undefined') {
  return;
}
module.exports = async function (settings) {
  logger.log(settings?.message);
  try { JSON.parse(settings.extra); } catch { /* optional catch binding */ }
};
