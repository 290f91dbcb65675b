"""`jpki card ...`: the My Number card in a (virtual) reader."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.card.vpcd import DEFAULT_PORT, attach
from jpki.cli.context import console, reported
from jpki.stopping import interruptible, stop_on_signals

app = typer.Typer(help="The My Number card (マイナンバーカード).", no_args_is_help=True)


@app.command("attach")
def attach_command(
    image: Annotated[Path, typer.Argument(help="Card image, e.g. DIR/cards/R000001.card.")],
    host: Annotated[str, typer.Option(help="Where vpcd (in pcscd) listens.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="vpcd's port (its reader.conf DEVICENAME).")
    ] = DEFAULT_PORT,
) -> None:
    """Put the card into pcscd's virtual reader (vsmartcard-vpcd) until Ctrl-C or SIGTERM.

    Every PC/SC application then sees a My Number card: OpenSC, the client, browsers.
    """
    interruptible()
    with reported():
        card = Card(ImageStore.open(image))
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    console.print(f"card {image} for vpcd at {host}:{port}; Ctrl-C to remove / 取り外しは Ctrl-C")
    with stop_on_signals() as stop:
        attach(card, host, port, stop=stop)
    console.print("card removed / カードを取り外しました")
