'use strict';

module.exports = ({ arc, utils }) => {
  const { purpose } = utils.getSettings();
  const consent = (arc.event && arc.event.consent) || {};
  return consent[purpose] === 'y';
};
