"""Ticketing and the event gate (seed 000 Yokohama stadium, seed 002 No.2): tickets bound to
the buyer's authentication certificate, admitted PIN-less at the gate."""
