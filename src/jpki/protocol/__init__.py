"""What travels between the parties (当事者間でやり取りされるもの): the messages of every
protocol as frozen, typed objects, each defined once.

Every party may import this package; it imports only `jpki.profile` (an import-linter
contract says so), so a message never becomes a dictionary that both sides spell again.
"""
