"""Dev loop: run the blueprint's application on this machine (`scaffold dev`)."""
