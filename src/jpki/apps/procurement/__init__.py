"""Electronic procurement with an electronic power of attorney (電子入札と電子委任状, seed 000):
a company's representative signs a delegation to an employee with the card, and the employee's
signed bid is accepted only under a valid, unrevoked delegation that covers it."""
