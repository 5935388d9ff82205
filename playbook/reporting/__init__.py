"""Step 5, the log: the ICO report pack, the breach log and the register."""
