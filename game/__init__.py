"""Street by Street: a turn-based urban-combat wargame of the 2016 Mosul offensive."""
