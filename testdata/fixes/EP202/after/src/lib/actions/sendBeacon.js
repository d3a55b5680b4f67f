'use strict';

var helper = require("./helper");

module.exports = function (settings) {
  return helper(settings);
};
