"""`python -m battlemap`."""

from battlemap.cli import main

main()
