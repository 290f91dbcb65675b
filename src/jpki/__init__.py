"""jpki: Japan's public identity infrastructure (公的個人認証サービス, JPKI) in Python.

The sub-packages are the parties of the system (see docs/architecture.md): the
specification (`jpki.profile`), J-LIS's authority (`jpki.authority`) and the
composition root (`jpki.world`) that wires them into a runnable world.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
