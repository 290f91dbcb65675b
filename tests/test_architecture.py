"""The parties talk through protocols, not imports (shared/DESIGN.md), checked by import-linter;
and the tests mirror the parties: one folder per party, sharing through conftest fixtures and
helper modules, never through another test module."""

import ast
import importlib.util
import platform
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"


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
    "/wallet/v1": "src/jpki/protocol/wallet.py",
    "same_device=1": "src/jpki/protocol/wallet.py",
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


PARTIES = {
    path.name for path in (ROOT / "src" / "jpki").iterdir() if (path / "__init__.py").is_file()
}
BESIDE_THE_PARTIES = {
    "e2e": "end-to-end tests: real processes, servers and a browser",
    "faketime": "the date-moved run's sitecustomize (scripts/test-dated.sh)",
    "privacy": "who may hold what about a person, searched in every party's stores (issue 25)",
    "web": "jpki.web and what every party's app is built from (body limit, strict JSON, forms)",
}


def _test_folders() -> set[str]:
    return {
        path.name
        for path in TESTS.iterdir()
        if path.is_dir() and not path.name.startswith(("_", "."))
    }


def test_test_folders_are_named_after_the_parties():
    strays = _test_folders() - PARTIES - BESIDE_THE_PARTIES.keys()
    assert not strays, f"tests/ folders named after no party of src/jpki: {sorted(strays)}"


def test_no_test_folder_shadows_a_module_by_its_bare_name():
    """Test modules are imported as `tests.<party>.<module>` (pytest's importlib mode, pyproject),
    so `import platform` anywhere, in a test or in a library, is the standard library's."""
    for folder in _test_folders():
        spec = importlib.util.find_spec(folder)
        places = [spec.origin, *(spec.submodule_search_locations or [])] if spec else []
        assert not [p for p in places if p and Path(p).is_relative_to(TESTS)], folder
    assert Path(platform.__file__).parent == Path(sysconfig.get_paths()["stdlib"])


def _imported_modules(path: Path) -> Iterator[str]:
    """Every module `path` imports, dotted (relative imports keep their leading dots)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            yield module
            if node.level or module == "tests" or module.startswith("tests."):
                yield from (f"{module.rstrip('.')}.{alias.name}" for alias in node.names)


def test_tests_share_through_fixtures_and_helpers_not_test_modules():
    """A test module or conftest imported by name runs twice under two names, or not at all
    under importlib mode; what is shared is a fixture in a conftest or a helper module."""
    offences = sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in TESTS.rglob("*.py")
        for module in _imported_modules(path)
        if any(
            part == "conftest" or part.startswith("test_") for part in module.lstrip(".").split(".")
        )
    )
    assert not offences, offences


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
