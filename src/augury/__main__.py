"""``python -m augury`` runs the CLI."""

from augury.cli import main

main()
