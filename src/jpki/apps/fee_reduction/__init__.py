"""Fee reduction (手数料・保険料等の減免, seed 002 No.12): a welfare office certifies the grounds
as an attribute certificate after a card login; a nursery-fee office accepts the reduction on
seeing the certificate and the same person's card."""
