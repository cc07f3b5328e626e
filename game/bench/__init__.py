"""`python main.py bench`: named measurements, ratios against python-tcod in the same run."""
