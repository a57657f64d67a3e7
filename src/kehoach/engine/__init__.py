"""Stage 3, the engine (pure): plan + activities + period → attainment, duties, status, listings."""
