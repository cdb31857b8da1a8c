#!/usr/bin/env python
"""Django's usual entry point; `quartier` (the console script) does the same."""

from quartier.cli import main

if __name__ == "__main__":
    main()
