"""Local runs and the deployed stage at hand: the function runner, local environments, logs."""
