"""The parties talk through protocols, not imports (shared/DESIGN.md), checked by import-linter."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, check=False, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


SPELLED_ONCE = {
    "urn:jpki:acr": "src/jpki/protocol/levels.py",
    '.crl"': "src/jpki/protocol/published.py",
}
"""Protocol values that one module of `jpki.protocol` defines and every party imports."""


def test_protocol_values_are_spelled_in_one_place():
    for value, home in SPELLED_ONCE.items():
        spelled = sorted(
            str(path.relative_to(ROOT))
            for path in (ROOT / "src").rglob("*")
            if path.suffix in {".py", ".html"} and value in path.read_text(encoding="utf-8")
        )
        assert spelled == [home], f"{value!r} is spelled outside {home}: {spelled}"


def _key_reads_of_results(tree: ast.AST) -> list[int]:
    """Lines that read a platform result by string key: `x.result["k"]`, `x.result.get("k")`,
    or the same on a name bound to `x.result` in the same function."""
    lines = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
        bound = {
            target.id
            for node in ast.walk(scope)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "result"
            for target in node.targets
            if isinstance(target, ast.Name)
        }

        def is_result(node: ast.expr, bound: set[str] = bound) -> bool:
            return (isinstance(node, ast.Attribute) and node.attr == "result") or (
                isinstance(node, ast.Name) and node.id in bound
            )

        for node in ast.walk(scope):
            if (
                isinstance(node, ast.Subscript)
                and is_result(node.value)
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, str)
            ) or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and is_result(node.func.value)
            ):
                lines.append(node.lineno)
    return sorted(set(lines))


def key_reads_of_results(src: Path) -> list[str]:
    """Every string-key read of a platform result outside the platform and the protocol."""
    package = src / "jpki"
    return [
        f"{path.relative_to(src)}:{line}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in {"platform", "protocol"}
        for line in _key_reads_of_results(ast.parse(path.read_text(encoding="utf-8")))
    ]


def test_platform_results_are_read_by_attribute():
    """The platform's results are typed messages (jpki.protocol.verification): no party reads
    one back by string key."""
    assert key_reads_of_results(ROOT / "src") == []


def test_the_key_read_check_finds_key_reads():
    examples = (
        'answer.result["user_id"]',
        'outcome.result.get("signatures", [])',
        'def f(outcome):\n    result = outcome.result\n    return result["accepted"]',
    )
    for example in examples:
        assert _key_reads_of_results(ast.parse(example)), example
    assert not _key_reads_of_results(ast.parse("future.result()[0]\nanswer.result.user_id"))
