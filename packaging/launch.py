"""Entry point of the frozen app."""

from studyapp.app import main

raise SystemExit(main())
