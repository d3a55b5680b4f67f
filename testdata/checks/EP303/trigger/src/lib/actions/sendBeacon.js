'use strict';
module.exports = function (settings) {
  var handler = require('./handlers/' + settings.type);
  return handler(settings);
};
