"""The electronic post box: only signed documents are delivered; opening one makes a proof of
delivery signed by the core; nobody else can open it."""

from __future__ import annotations

import pytest

from jpki.mynumber.directory import CORE
from jpki.mynumber.errors import BadMessage, NumberingError
from jpki.mynumber.postbox import check_receipt, sign_document
from tests.mynumber.agencies import RESIDENT


def test_signed_documents_and_proof_of_delivery(network):
    city = network.interface("city-chiyoda").keys
    address = network.core.postbox_address(RESIDENT)
    person = network.core.recipient("city-chiyoda", address)
    assert person == network.core.linkage_of_resident(RESIDENT)
    assert (
        network.core.recipient("city-chiyoda", network.interface("city-chiyoda").code_of("A-1001"))
        == person
    )
    slip = "源泉徴収票".encode()
    letter_id = network.postbox.deliver(person, "city-chiyoda", "slip", slip, "text/plain",
                                        sign_document(city, slip, "slip"))  # fmt: skip
    with pytest.raises(BadMessage):
        network.postbox.deliver(person, "city-chiyoda", "slip", b"other", "text/plain",
                                sign_document(city, slip, "slip"))  # fmt: skip
    assert network.postbox.receipt("city-chiyoda", letter_id) is None
    with pytest.raises(NumberingError):
        network.postbox.open("someone-else", letter_id)
    letter, content = network.postbox.open(person, letter_id)
    assert content == slip
    assert letter.signature_valid
    assert letter.sender_name == "千代田区"
    proof = network.postbox.receipt("city-chiyoda", letter_id)
    assert check_receipt(proof, network.directory.keys_of(CORE))
    assert not check_receipt(proof, network.directory.keys_of("city-chiyoda"))
    with pytest.raises(NumberingError):
        network.postbox.receipt("insurer-kyokai", letter_id)
