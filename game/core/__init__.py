"""Value types, folder locations, problem reports and safe file writing: what every layer uses."""
