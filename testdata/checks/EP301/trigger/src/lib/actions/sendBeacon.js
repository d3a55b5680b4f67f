'use strict';
var helpers = require('./helpers');
module.exports = function (settings) {
  return helpers.send(settings);
};
