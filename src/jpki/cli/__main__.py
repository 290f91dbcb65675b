"""`python -m jpki.cli` runs the `jpki` command."""

from jpki.cli.main import app

app()
