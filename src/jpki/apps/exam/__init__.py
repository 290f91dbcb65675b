"""Entrance-exam admission tickets checked at the exam room door (替え玉受験対策, seed 001's
roadmap): the ticket is bound to the applicant's card, and the door refuses another card."""
