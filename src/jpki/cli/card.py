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


@app.command("personalise")
def personalise_command(
    data: Annotated[Path, typer.Argument(help="The sandbox world's data folder.")],
    resident_id: Annotated[str, typer.Argument(metavar="ID")],
) -> None:
    """Re-personalise a resident's card (再パーソナライズ): write its card-info and card-face APs
    again from the register. A card issued before the card-face AP (券面事項確認AP) gains it."""
    from jpki.cli.context import state
    from jpki.world.sandbox import Sandbox

    with reported():
        sandbox = Sandbox.open(data, state.clock)
        try:
            card_id = sandbox.repersonalise(resident_id)
        finally:
            sandbox.close()
    console.print(
        f"card {card_id} of {resident_id}: card-info and card-face APs written"
        " / 券面事項入力補助AP・券面事項確認APを書き込みました"
    )


@app.command("forge-face")
def forge_face_command(
    data: Annotated[Path, typer.Argument(help="The sandbox world's data folder.")],
    resident_id: Annotated[str, typer.Argument(metavar="ID")],
    photo_of: Annotated[str, typer.Option(help="Put this resident's photo on the card face.")],
) -> None:
    """Sandbox only: alter a card's card face (another photo, the old seal), as a forger
    would, to see counters refuse it (偽造券面の作成、検証用)."""
    from jpki.cli.context import state
    from jpki.world.sandbox import Sandbox

    with reported():
        sandbox = Sandbox.open(data, state.clock)
        try:
            sandbox.forge_card_face(resident_id, photo_of)
        finally:
            sandbox.close()
    console.print(
        f"card face of {resident_id} now shows {photo_of}'s photo under the old seal"
        " / 券面事項を改変しました"
    )
