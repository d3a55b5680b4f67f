'use strict';

module.exports = ({ utils }) => {
  const { header, value } = utils.getSettings();
  return { headers: { [header]: value || '' } };
};
