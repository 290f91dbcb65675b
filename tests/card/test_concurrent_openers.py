"""The concurrent-opener APDU campaign (tests/apdu_campaign.py): threads and processes, each its
own opener of one card image, random APDUs at once; 0 counter mismatches."""

import time

import pytest

from tests.apdu_campaign import campaign


def run(tmp_path, threads, processes, count, seed):
    started = time.monotonic()
    figures = campaign(tmp_path, threads, processes, count, seed)
    print(
        f"\nAPDU campaign: {figures.openers} openers, {figures.sent} APDUs, "
        f"{figures.comparisons} PIN comparisons ({figures.wrong} wrong, {figures.right} right), "
        f"{figures.resets} resets, {len(figures.mismatches)} mismatches, "
        f"{time.monotonic() - started:.1f} s"
    )
    assert figures.mismatches == []
    assert figures.wrong > 0
    assert figures.right > 0
    return figures


def test_two_threads_and_two_processes_share_one_counter(tmp_path):
    run(tmp_path, threads=2, processes=2, count=2000, seed=19)


@pytest.mark.fuzz
def test_long_form_with_many_openers(tmp_path):
    run(tmp_path, threads=4, processes=4, count=10000, seed=1919)
