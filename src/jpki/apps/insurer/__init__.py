"""The life insurer (seed 002 No.9, seed 004 変更確認): policyholders who signed with the
card, batch status checks before a mailing, and change notifications."""
