'use strict';

var note = 'import x from "y"; export default x';
module.exports = function (settings) {
  return import('./format.js').then(function () {
    turbine.logger.log(settings.message + note.length);
  });
};
