"""Plan stage: blueprint -> intermediate representation of AWS building blocks."""
