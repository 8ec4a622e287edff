"""Events: PLOVER-coded who did what to whom."""
