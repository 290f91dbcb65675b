"""`jpki mynumber` as users run it on a sandbox: validate numbers, ask through the network,
audit the logs."""

import json

from tests.e2e.processes import jpki


def test_validate_exit_codes_and_explanations():
    assert jpki("mynumber", "validate", "123456789018").returncode == 0
    wrong = jpki("mynumber", "validate", "123456789011", check=False)
    assert wrong.returncode == 1
    assert "should be 8" in wrong.stderr
    assert jpki("mynumber", "validate", "--corporate", "8700110005901").returncode == 0
    short = jpki("mynumber", "validate", "--corporate", "870011", check=False)
    assert short.returncode == 1
    assert "13 digits" in short.stderr


def test_sandbox_agencies_exchange_on_the_whitelist_only(tmp_path):
    world = tmp_path / "w"
    jpki("sandbox", "init", world, "--residents", "4", "--seed", "3")
    people = json.loads((world / "mynumber" / "people.json").read_text())
    adult = next(p for p in people.values() if "insurer-kyokai" in p)
    city = next(a for a in adult if a.startswith("city-"))
    got = json.loads(
        jpki("mynumber", "request", "--data", world, "--requester", "insurer-kyokai",
             "--task", "health-insurance-dependants", "--provider", city,
             "--address-number", adult["insurer-kyokai"], "--item", "resident-tax").stdout
    )  # fmt: skip
    assert got["outcome"] == "provided"
    assert "taxable_income_yen" in got["data"]["resident-tax"]
    refused = jpki("mynumber", "request", "--data", world, "--requester", "tax-kojimachi",
                   "--task", "child-allowance", "--provider", city,
                   "--address-number", adult["tax-kojimachi"], "--item", "resident-tax",
                   check=False)  # fmt: skip
    assert refused.returncode == 1
    assert "may not ask" in refused.stderr
    audit = jpki("mynumber", "verify-logs", "--data", world)
    assert audit.stdout.count("intact") == 7
