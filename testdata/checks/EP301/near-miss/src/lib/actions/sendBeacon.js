'use strict';
var helpers = require('./helpers/index.js');
module.exports = function (settings) {
  return helpers.send(settings);
};
