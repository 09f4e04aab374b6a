from smm.cli import entry

entry()
