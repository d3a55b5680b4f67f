'use strict';

var helper = require("./Helper");

module.exports = function (settings) {
  return helper(settings);
};
