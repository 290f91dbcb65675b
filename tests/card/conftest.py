"""The card tests' card: Taro's personalised card (tests/conftest.py) behind its operating system."""

import pytest

from jpki.card.os import Card


@pytest.fixture
def card(personalised):
    return Card(personalised[0])
