"""死亡・相続ワンストップ (death one-stop, seed 001's roadmap): a holder registers in advance which
businesses should start their procedures on their death; the platform's change notification
of the death then asks exactly those businesses, and a family member follows it here."""
