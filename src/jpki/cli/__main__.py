"""`python -m jpki.cli` runs the `jpki` command.

The guard matters: worker processes (spawned to build large CRLs) import the main module
again, and must not run the command a second time.
"""

from jpki.cli.main import app

if __name__ == "__main__":
    app()
