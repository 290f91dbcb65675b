"""Smart drive with an information bank (seed 002 No.11, 情報銀行): the bank holds the driver's
driving data and gives it to an insurer or a car-sharing company only while the driver's
signed consent names that recipient, the data and the period."""
