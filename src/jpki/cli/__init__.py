"""The `jpki` command line: thin Typer commands over the parties and the world."""
