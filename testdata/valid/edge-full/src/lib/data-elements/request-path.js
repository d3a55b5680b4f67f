'use strict';

module.exports = ({ arc, utils }) => {
  const { fallback } = utils.getSettings();
  return (arc.request && arc.request.path) || fallback || '/';
};
