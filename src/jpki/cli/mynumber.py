"""`jpki mynumber`: the numbering system (番号制度): check numbers, run and audit exchanges."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jpki.cli.context import console, emit_json, errors, reported, state
from jpki.mynumber.validation import corporate_number_problem, my_number_problem

app = typer.Typer(no_args_is_help=True, help="The numbering system (番号制度) and its network.")
DataDir = Annotated[Path, typer.Option("--data", help="The world's data folder.")]


@app.command("validate")
def validate(
    number: Annotated[
        str, typer.Argument(help="A My Number (12 digits) or corporate number (13).")
    ],
    corporate: Annotated[
        bool, typer.Option("--corporate", help="Check a corporate number (法人番号).")
    ] = False,
) -> None:
    """Exit 0 if NUMBER is valid; otherwise say what is wrong and exit 1."""
    problem = corporate_number_problem(number) if corporate else my_number_problem(number)
    what = "corporate number / 法人番号" if corporate else "My Number / 個人番号"
    if problem:
        errors.print(
            Text.assemble((f"invalid {what}:", "red"), f" {problem}"),
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    console.print(f"valid {what}")


@app.command("request")
def request(
    data: DataDir,
    requester: Annotated[str, typer.Option(help="The asking agency (情報照会者).")],
    task: Annotated[str, typer.Option(help="The task (事務) in the whitelist.")],
    provider: Annotated[str, typer.Option(help="The providing agency (情報提供者).")],
    address_number: Annotated[str, typer.Option(help="The requester's address number (宛名番号).")],
    item: Annotated[list[str], typer.Option(help="A data item; repeatable.")],
) -> None:
    """Ask through the network as an agency would; refusals exit 1 with the reason."""
    from jpki.mynumber.network import Network

    with reported():
        network = Network(data, state.clock)
        try:
            got = network.request(requester, task, provider, address_number, item)
        finally:
            network.close()
    emit_json({"exchange_id": got.exchange_id, "outcome": got.outcome, "data": got.data,
               "reason": got.reason})  # fmt: skip
    if got.outcome == "refused":
        raise typer.Exit(1)


@app.command("verify-logs")
def verify_logs(data: DataDir) -> None:
    """Check every party's provision log: chain, signatures, head. Exit 0 only when intact."""
    from jpki.mynumber.directory import CORE
    from jpki.mynumber.network import Network

    with reported():
        network = Network(data, state.clock)
        try:
            parties = [CORE, *(a.id for a in network.agencies)]
            report = {p: network.log.verify(network.directory.keys_of(p)) for p in parties}
        finally:
            network.close()
    for party, problems in report.items():
        console.print(f"{party:<20} {'intact' if not problems else 'BROKEN'}")
        for problem in problems:
            console.print(f"    {problem}")
    raise typer.Exit(0 if not any(report.values()) else 1)
