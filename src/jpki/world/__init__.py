"""The composition root: builds sandbox worlds and runs every service (`jpki up`)."""
