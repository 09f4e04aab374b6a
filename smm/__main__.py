import sys

from smm.cli import main

sys.exit(main())
