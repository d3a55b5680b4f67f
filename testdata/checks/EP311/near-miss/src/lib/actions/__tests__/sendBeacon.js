// a test folder: never reported
