"""``scaffold dev``: the application on this machine (emulator, gateways, handler runs)."""
